"""Ray itself for the Ray engine: the import (a missing extra said plainly) and the runtime to
run on, a cluster joined at an address or a local runtime started for this run."""

from __future__ import annotations

import logging
import math
import os
import socket
from typing import Any

from newsstruct.errors import ConfigurationError, MissingExtraError


def ray_module() -> Any:
    """``ray`` with Ray Data, or :class:`MissingExtraError` naming the ``ray`` extra."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise MissingExtraError("the Ray engine", extra="ray", missing="ray[data]") from None
    return ray


def connect(*, address: str | None = None, workers: int = 1, cpus_per_worker: float = 1.0) -> bool:
    """Join the cluster at ``address``, or start a local Ray runtime with room for the workers.
    Returns whether this call started Ray (and so should shut it down)."""
    ray = ray_module()
    if ray.is_initialized():
        return False
    if address:
        _check_reachable(address)
    try:
        if address:
            ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
        else:
            cpus = max(os.cpu_count() or 1, math.ceil(workers * cpus_per_worker))
            ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = f"join the Ray cluster at {address}" if address else "start a local Ray runtime"
        raise ConfigurationError(f"could not {where}: {exc}") from exc
    return True


def _check_reachable(address: str) -> None:
    """Fail at once for a ``host:port`` nobody listens on: Ray itself would retry for minutes."""
    host, _, port = address.rpartition(":")
    if "://" in address or not host or not port.isdigit():
        return  # "auto", ray:// client addresses: left to Ray
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host  # "[::1]:6379"
    try:
        socket.create_connection((host, int(port)), timeout=10).close()
    except OSError as exc:
        raise ConfigurationError(f"could not join the Ray cluster at {address}: {exc}") from None


__all__ = ["connect", "ray_module"]
