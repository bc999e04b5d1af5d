"""tf.train.Example and its parts: expressions whose results TF gives in
docs/tf-reference/train_example.json (docs/tf-reference/probe_train_example.py);
tests/python/test_train_example.py evaluates them with kiln and compares wire
bytes (hex), text format and errors."""

import numpy as np

# Shorthands, expanded by evaluate() into the caller's tf (kiln or TensorFlow).
_I = "tf.train.Feature(int64_list=tf.train.Int64List(value={}))"
_F = "tf.train.Feature(float_list=tf.train.FloatList(value={}))"
_B = "tf.train.Feature(bytes_list=tf.train.BytesList(value={}))"

CASES = [
    # The value lists alone: packed int64 (negatives are 10-byte varints) and
    # float32 (0.1 rounds to float32), unpacked bytes.
    "tf.train.Int64List(value=[1, 2, 300])",
    "tf.train.Int64List(value=[-1, 0, 2**63 - 1, -2**63])",
    "tf.train.Int64List(value=np.array([3, -4], dtype=np.int64))",
    "tf.train.Int64List(value=[])",
    "tf.train.FloatList(value=[0.1, -2.5, 1e30, float('inf'), float('-inf')])",
    "tf.train.FloatList(value=np.array([0.5, 1.25], dtype=np.float32))",
    "tf.train.BytesList(value=[b'abc', b'', b'\\x00\\xff', 'caf\\u00e9'.encode()])",
    # Features: the oneof, and an unset one.
    _I.format("[7]"), _F.format("[1.5]"), _B.format("[b'x']"), "tf.train.Feature()",
    # An Example as TF programs write it (single-entry maps: any order is TF's order).
    "tf.train.Example(features=tf.train.Features(feature={'x': " + _I.format("[1, 2]") + "}))",
    "tf.train.Example(features=tf.train.Features(feature={'image': " + _B.format("[b'\\x89PNG']") + "}))",
    "tf.train.Example()", "tf.train.Example(features=tf.train.Features())",
    # Several entries: TF writes map entries in no set order, so these compare
    # SerializeToString(deterministic=True) (sorted keys) and the text (sorted too).
    "tf.train.Example(features=tf.train.Features(feature={'label': " + _I.format("[3]") +
    ", 'weight': " + _F.format("[0.25]") + ", 'name': " + _B.format("[b'cat']") +
    ", 'empty': tf.train.Feature()}))",
    "tf.train.SequenceExample(context=tf.train.Features(feature={'id': " + _B.format("[b'seq-1']") +
    "}), feature_lists=tf.train.FeatureLists(feature_list={'tokens': tf.train.FeatureList(feature=[" +
    _I.format("[5]") + ", " + _I.format("[6, 7]") + "]), 'scores': tf.train.FeatureList(feature=[" +
    _F.format("[0.5]") + "])}))",
    "tf.train.SequenceExample(feature_lists=tf.train.FeatureLists(feature_list={'empty': "
    "tf.train.FeatureList()}))",
    # Parsing: TF's bytes, unpacked int64 (parsers accept both encodings), bad bytes.
    "tf.train.Example.FromString(bytes.fromhex('0a0d0a0b0a017812061a040a020102'))",
    "tf.train.Int64List.FromString(bytes.fromhex('08010802'))",
    "tf.train.Example.FromString(bytes.fromhex('0a05'))",
    "tf.train.Example.FromString(bytes.fromhex('0a0d0a0b0a017812061a040a020102'))"
    ".features.feature['x'].int64_list.value[:]",
    "tf.train.Example.FromString(bytes.fromhex('0a0d0a0b0a017812061a040a020102'))"
    ".features.feature['x'].WhichOneof('kind')",
    "(lambda m: (m.ParseFromString(bytes.fromhex('0a0d0a0b0a017812061a040a020102')), m)[1])"
    "(tf.train.Example())",
    # Building in place, as TF programs also do.
    "(lambda e: (e.features.feature['n'].float_list.value.extend([1.0, 2.0]), e)[1])(tf.train.Example())",
    "(lambda s: (s.feature_lists.feature_list['f'].feature.add().bytes_list.value.append(b'a'), s)[1])"
    "(tf.train.SequenceExample())",
    # Wrong values: protobuf's errors, the same in TF.
    "tf.train.Int64List(value=[1.5])",
    "tf.train.Int64List(value=[2**63])",
    "tf.train.BytesList(value=['text'])",
    "tf.train.FloatList(value=['1'])",
    "tf.train.Feature(int64_list=tf.train.FloatList(value=[1.0]))",
    "tf.train.Features(feature={'x': 1})",
    "tf.train.Example(feature=None)",
]


def _small_maps(message):
    """True when no map in `message` has more than one entry (then the default
    serialization has one possible order)."""
    for field, value in message.ListFields():
        if field.message_type is None:
            continue
        if field.message_type.GetOptions().map_entry:
            if len(value) > 1:
                return False
            values = value.values()
        elif hasattr(value, "ListFields"):  # a message field
            values = [value]
        else:  # a repeated message field
            values = value
        if not all(_small_maps(v) for v in values if hasattr(v, "ListFields")):
            return False
    return True


def evaluate(tf, expression):
    """A message as its type, wire bytes (hex) and text format; another value as
    repr(); or the error class."""
    try:
        value = eval(expression, {"tf": tf, "np": np})  # noqa: S307
    except Exception as e:  # noqa: BLE001 - recording what is raised
        return f"error: {type(e).__name__}"
    if not hasattr(value, "SerializeToString"):
        return repr(value)
    result = {"type": value.DESCRIPTOR.full_name, "text": str(value),
              "deterministic": value.SerializeToString(deterministic=True).hex()}
    if _small_maps(value):
        result["default"] = value.SerializeToString().hex()
    return result


def descriptors(tf):
    """The FileDescriptorProtos (text format) of tf.train.Example's files."""
    from google.protobuf import descriptor_pb2
    files = {}
    for name in ("Example", "Feature"):
        proto = descriptor_pb2.FileDescriptorProto()
        getattr(tf.train, name).DESCRIPTOR.file.CopyToProto(proto)
        files[proto.name] = str(proto)
    return files
