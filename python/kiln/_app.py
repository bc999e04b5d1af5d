"""``kiln.compat.v1.app`` and ``kiln.compat.v1.flags``: TF1's program entry
point and its command-line flags, which are absl's (``absl-py``), as in TF.

absl is imported on first use, so kiln itself does not need it; a program that
uses flags without absl installed gets an ImportError saying to
``pip install absl-py`` (``app.run`` then just calls main and exits).
"""

import sys as _sys
import types as _types

_MISSING = ("kiln.compat.v1.flags are absl's flags, as TF's are, but absl is not installed: "
            "pip install absl-py")


def _absl_flags():
    try:
        from absl import flags
    except ImportError as e:
        raise ImportError(_MISSING) from e
    return flags


class _FlagsModule(_types.ModuleType):
    """``flags``: every name of ``absl.flags`` (``FLAGS``, ``DEFINE_integer`` ...),
    looked up when first used."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_absl_flags(), name)

    def __dir__(self):
        try:
            return sorted(set(super().__dir__()) | {n for n in dir(_absl_flags())
                                                     if n != "sys"})  # absl's own import
        except ImportError:
            return super().__dir__()


flags = _FlagsModule("kiln.compat.v1.flags", "absl.flags, as tf.compat.v1.flags.")


def run(main=None, argv=None):
    """Parses the command line (argv or sys.argv) into the flags, ignoring flags
    nobody defined, calls ``main(remaining argv)`` (``__main__.main`` when main is
    None) and exits with its result through ``sys.exit``: ``absl.app.run`` with
    TF's flag parser, as ``tf.compat.v1.app.run``. Without absl (so no flags can
    have been defined) it calls ``main(argv)`` and exits the same way."""
    main = main or _sys.modules["__main__"].main
    try:
        absl_flags = _absl_flags()
        from absl import app as absl_app
    except ImportError:
        _sys.exit(main(list(_sys.argv if argv is None else argv)))

    def parse(args):
        return absl_flags.FLAGS(_sys.argv if argv is None else argv, known_only=True)

    absl_app.run(main, argv=argv, flags_parser=parse)


app = _types.ModuleType("kiln.compat.v1.app", "TF1's app module: run and flags.")
app.run = run
app.flags = flags
