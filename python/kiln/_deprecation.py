"""TF's rule for an argument it renamed (tensorflow's deprecated_argument_lookup):
the value given under either name, never both."""


def deprecated_argument_lookup(new_name, new_value, old_name, old_value):
    """old_value if given, else new_value; ValueError in TF's words when both are."""
    if old_value is not None:
        if new_value is not None:
            raise ValueError(f"Cannot specify both '{old_name}' and '{new_name}'.")
        return old_value
    return new_value
