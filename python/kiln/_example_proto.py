"""tf.train.Example and its parts (Features, Feature, BytesList, ...) as protobuf
message classes with TF's schema: tensorflow/core/example/feature.proto and
example.proto, rebuilt here as FileDescriptorProtos with the `protobuf` package.

Building the descriptors in Python keeps protoc out of the build and keeps no
generated _pb2 file in the tree; the schema is TF's, field for field (names,
numbers, types, `oneof kind`, the map entries, packed repeated values, even the
file options), which tests/python/test_train_example.py checks against the
descriptors TF itself ships (docs/tf-reference/train_example.json). Equal
descriptors make equal wire bytes and equal text format.

The classes live in a private DescriptorPool, not protobuf's process-wide
default one: TF's generated example_pb2 registers the same file names in the
default pool, and a program that imports both TF and kiln must not fail on a
duplicate file.

`protobuf` is optional: `import kiln` never imports it; the classes are built
on first use of a name (install() below), and without the package that use
raises an ImportError that says how to install it.
"""

import functools

NAMES = ("BytesList", "FloatList", "Int64List", "Feature", "Features", "FeatureList",
         "FeatureLists", "Example", "SequenceExample")
_PACKAGE = "tensorflow"
_FEATURE_FILE = "tensorflow/core/example/feature.proto"
_EXAMPLE_FILE = "tensorflow/core/example/example.proto"


def _feature_file(d):
    """feature.proto: the value lists, Feature (one of them), and the maps of them."""
    f = _file(d, _FEATURE_FILE, "FeatureProtos")
    f.message_type.add(name="BytesList").field.append(
        _repeated(d, "value", 1, d.FieldDescriptorProto.TYPE_BYTES))
    f.message_type.add(name="FloatList").field.append(
        _repeated(d, "value", 1, d.FieldDescriptorProto.TYPE_FLOAT, packed=True))
    f.message_type.add(name="Int64List").field.append(
        _repeated(d, "value", 1, d.FieldDescriptorProto.TYPE_INT64, packed=True,
                  jstype=d.FieldOptions.JS_STRING))
    feature = f.message_type.add(name="Feature")
    feature.oneof_decl.add(name="kind")
    for number, name in enumerate(("bytes_list", "float_list", "int64_list"), start=1):
        kind = _message_field(d, name, number, "".join(w.title() for w in name.split("_")))
        kind.oneof_index = 0
        feature.field.append(kind)
    _map(d, f.message_type.add(name="Features"), "feature", 1, "Feature")
    f.message_type.add(name="FeatureList").field.append(
        _message_field(d, "feature", 1, "Feature", repeated=True))
    _map(d, f.message_type.add(name="FeatureLists"), "feature_list", 1, "FeatureList")
    return f


def _example_file(d):
    """example.proto: an Example is Features; a SequenceExample adds FeatureLists."""
    f = _file(d, _EXAMPLE_FILE, "ExampleProtos")
    f.dependency.append(_FEATURE_FILE)
    f.message_type.add(name="Example").field.append(
        _message_field(d, "features", 1, "Features"))
    sequence = f.message_type.add(name="SequenceExample")
    sequence.field.append(_message_field(d, "context", 1, "Features"))
    sequence.field.append(_message_field(d, "feature_lists", 2, "FeatureLists"))
    return f


def _file(d, name, java_outer_classname):
    # TF's file options, kept so that the descriptor equals TF's (the test compares
    # them whole); they change nothing in Python.
    return d.FileDescriptorProto(
        name=name, package=_PACKAGE, syntax="proto3",
        options=d.FileOptions(
            java_package="org.tensorflow.example", java_outer_classname=java_outer_classname,
            java_multiple_files=True, cc_enable_arenas=True,
            go_package="github.com/tensorflow/tensorflow/tensorflow/go/core/example/"
                       "example_protos_go_proto"))


def _repeated(d, name, number, type_, packed=False, jstype=None):
    field = d.FieldDescriptorProto(name=name, number=number, type=type_,
                                   label=d.FieldDescriptorProto.LABEL_REPEATED)
    # proto3 packs repeated scalars anyway; TF's .proto says [packed = true] too.
    if packed:
        field.options.packed = True
    if jstype is not None:
        field.options.jstype = jstype
    return field


def _message_field(d, name, number, message, repeated=False):
    label = d.FieldDescriptorProto.LABEL_REPEATED if repeated else \
        d.FieldDescriptorProto.LABEL_OPTIONAL
    return d.FieldDescriptorProto(name=name, number=number, label=label,
                                  type=d.FieldDescriptorProto.TYPE_MESSAGE,
                                  type_name=f".{_PACKAGE}.{message}")


def _map(d, message, name, number, value_message):
    """`map<string, value_message> name = number;` as protoc writes it: a nested
    XEntry message (key = 1, value = 2, map_entry option) and a repeated field of it."""
    entry_name = "".join(w.title() for w in name.split("_")) + "Entry"
    entry = message.nested_type.add(name=entry_name)
    entry.options.map_entry = True
    entry.field.add(name="key", number=1, type=d.FieldDescriptorProto.TYPE_STRING,
                    label=d.FieldDescriptorProto.LABEL_OPTIONAL)
    entry.field.append(_message_field(d, "value", 2, value_message))
    message.field.append(_message_field(d, name, number, f"{message.name}.{entry_name}",
                                        repeated=True))


@functools.cache
def classes():
    """{name: message class} for NAMES, built once."""
    try:
        from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
        get_message_class = message_factory.GetMessageClass  # protobuf >= 4.22
    except (ImportError, AttributeError) as e:
        raise ImportError(
            "kiln.train's Example, Features, Feature and the other tf.train protocol "
            "buffer messages need the `protobuf` package (version 4.22 or later), which "
            "is not installed: pip install protobuf") from e
    pool = descriptor_pool.DescriptorPool()
    pool.Add(_feature_file(descriptor_pb2))
    pool.Add(_example_file(descriptor_pb2))
    found = {}
    for name in NAMES:
        cls = get_message_class(pool.FindMessageTypeByName(f"{_PACKAGE}.{name}"))
        # Where the class is found by name: its repr, and pickle (which stores a
        # message as its class's module and name, and its bytes).
        cls.__module__ = "kiln.train"
        found[name] = cls
    return found


def install(namespace):
    """Makes NAMES attributes of the module `namespace` (kiln.train,
    kiln.compat.v1.train), built on first access (PEP 562 __getattr__/__dir__)."""
    def __getattr__(name):
        if name not in NAMES:
            raise AttributeError(f"module {namespace.__name__!r} has no attribute {name!r}")
        value = classes()[name]
        setattr(namespace, name, value)  # later lookups skip __getattr__
        return value

    def __dir__():
        return sorted(set(namespace.__dict__) | set(NAMES))

    namespace.__getattr__ = __getattr__
    namespace.__dir__ = __dir__
