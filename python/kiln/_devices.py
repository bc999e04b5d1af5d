"""Devices: kiln runs on the CPU. ``kiln.device`` accepts TF's device strings
and places everything on the CPU, as TF does for a device it does not have
(soft placement); ``kiln.config`` lists the one physical and logical CPU."""

import collections
import contextlib
import re

# TF's device spec: /job:x/replica:n/task:n/device:TYPE:n, or the short /cpu:0.
_SPEC = re.compile(r"^(/job:[^/]+)?(/replica:\d+)?(/task:\d+)?"
                   r"(/(device:)?[A-Za-z_]+:(\d+|\*))?$")

PhysicalDevice = collections.namedtuple("PhysicalDevice", ["name", "device_type"])
LogicalDevice = collections.namedtuple("LogicalDevice", ["name", "device_type"])


@contextlib.contextmanager
def device(device_name):
    """A block whose ops TF would place on `device_name`: kiln has only the CPU, so
    they run there (TF does the same for a device it lacks). A string that is no
    device spec is a ValueError."""
    if device_name is not None and not callable(device_name):
        if not isinstance(device_name, str) or not _SPEC.match(device_name.strip()):
            raise ValueError(f"{device_name!r} is not a device: use TF's spelling, e.g. "
                             f"'/cpu:0' or '/device:CPU:0' (kiln runs on the CPU).")
    yield


def list_physical_devices(device_type=None):
    devices = [PhysicalDevice("/physical_device:CPU:0", "CPU")]
    return [d for d in devices if device_type is None or d.device_type == device_type.upper()]


def list_logical_devices(device_type=None):
    devices = [LogicalDevice("/device:CPU:0", "CPU")]
    return [d for d in devices if device_type is None or d.device_type == device_type.upper()]
