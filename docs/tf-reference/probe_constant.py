import os; os.environ["TF_CPP_MIN_LOG_LEVEL"]="3"
import tensorflow as tf, numpy as np
print(tf.__version__)
def t(expr):
    try: r = eval(expr); print(expr, "->", repr(r))
    except Exception as e: print(expr, "!!", type(e).__name__, str(e)[:300].replace("\n"," | "))
for e in ["tf.constant(2**31)", "tf.constant(2**63)", "tf.constant(-2**31)", "tf.constant([1, 2**40])",
          "tf.constant([1, 2.5])", "tf.constant([True, 1])", "tf.constant([[1,2],[3]])", "tf.constant('abc').dtype",
          "tf.constant(1+2j)", "tf.constant(1e40)", "tf.constant(300, dtype=tf.uint8)", "tf.constant(-1, dtype=tf.uint8)",
          "tf.constant(1.5, dtype=tf.int32)", "tf.constant([1.0], dtype=tf.int32)", "tf.constant(np.float64(1.5), dtype=tf.int32)",
          "tf.constant(np.array([1.5]), dtype=tf.int32)", "tf.constant([], dtype=tf.float32)", "tf.constant([])", "tf.constant([[]])",
          "tf.constant(None)", "tf.constant(object())", "tf.constant([1,2,3], shape=[3,1])", "tf.constant(7, shape=[2,3])",
          "tf.constant([1,2,3], shape=[2,2])", "tf.constant([1,2], shape=[4])",
          "tf.as_dtype(float)", "tf.as_dtype(int)", "tf.as_dtype('float')", "tf.as_dtype('double')", "tf.as_dtype('half')",
          "tf.as_dtype(np.int64)", "tf.as_dtype('foo')", "tf.as_dtype(3.0)", "tf.float32 == np.float32", "tf.float32 == 'float32'",
          "tf.float32 == 3", "repr(tf.float32)", "str(tf.float32)", "tf.bfloat16.as_numpy_dtype", "tf.float32.as_numpy_dtype",
          "tf.constant([[1,2],[3,4]])", "tf.constant(3.5)", "tf.constant([1.5,2.25,3.0,4.0,5.0,6.0,7.0,8.0,9.0,10.0,11.0,12.0])", "tf.zeros([1000])",
          "tf.constant([True,False])", "tf.constant([1+2j])", "tf.constant(np.arange(6,dtype=np.uint8).reshape(2,3))", "tf.zeros([2,0])",
          "tf.constant([1.0, 2.0], dtype=tf.bfloat16)", "tf.constant([1.0, 2.0], dtype=tf.float16)",
          "tf.constant(5).shape", "repr(tf.constant([[1,2]]).shape)", "str(tf.constant([[1,2]]).shape)", "tf.constant([[1,2]]).shape.as_list()",
          "tf.constant([[1,2]]).device", "len(tf.constant(3))", "bool(tf.constant([1,2]))", "int(tf.constant([3]))", "int(tf.constant(3.7))",
          "float(tf.constant([[2]]))", "[1,2,3][tf.constant(1)]", "[1,2,3][tf.constant(1.0)]", "bool(tf.constant(0.0))", "list(tf.constant(3))",
          "list(tf.constant([1,2]))", "tf.constant(3).numpy()", "type(tf.constant(3).numpy())", "tf.constant([3]).numpy().flags.writeable",
          "np.asarray(tf.constant([3])).flags.writeable", "tf.zeros([2,3], dtype=tf.int32)", "tf.ones(3)", "tf.fill([2,2], 7)", "tf.fill([2], 7.5)",
          "tf.zeros_like(tf.constant([1,2]))", "tf.ones_like([1.5,2])", "tf.zeros([-1])", "tf.zeros([2**40])",
          "tf.convert_to_tensor([1,2], dtype=tf.float32)", "tf.convert_to_tensor(tf.constant([1,2]), dtype=tf.float32)",
          "tf.constant(tf.constant([1,2]), dtype=tf.float32)", "tf.convert_to_tensor(np.float64(2.5))", "tf.convert_to_tensor(np.array(2.5,dtype=np.float64))",
          "tf.constant([np.int64(1), 2])", "tf.constant([1, np.float64(2)])", "tf.constant([[1,2],[3,4.0]]).dtype", "tf.constant(True, dtype=tf.int32)",
          "tf.constant(1, dtype=tf.bool)", "tf.constant([1, 'a'])", "tf.constant(2**31, dtype=tf.int64)", "tf.constant(3.0, dtype=tf.int64)",
          "tf.constant(2**64)", "tf.constant(-2**63)","tf.constant([2**63])", "tf.constant(float('nan'), dtype=tf.int32)", "tf.constant(1+2j, dtype=tf.float32)",
          "tf.constant([1.5], dtype=tf.complex64)", "tf.constant(np.array([1,2],dtype=np.int64), dtype=tf.int32)", "tf.constant(np.array([1,2**40]), dtype=tf.int32)",
          "tf.constant(np.array([1.5]), dtype=tf.float32)", "tf.constant(np.array([1.0]), dtype=tf.int32)", "tf.constant(np.array(['a']))",
          "tf.constant(np.array([1,2],dtype=object))", "tf.constant(b'x')", "tf.constant([1,2], dtype='float32')", "tf.constant([1,2], dtype=np.float32)",
          "tf.constant(np.zeros((2,2),np.float32)).shape.rank", "tf.constant(3).ndim", "tf.constant([[1]]).ndim", "tf.zeros([2,3]).shape.num_elements()",
          "tf.constant(3).__index__()", "tf.constant(3.0).__index__()", "tf.TensorShape([None, 3])", "tf.TensorShape(None)", "tf.TensorShape([2,3])[0]",
          "tf.TensorShape([2,3])[1:]", "tf.constant(np.float32(2.5))", "tf.constant([1,2]) == None",
          "repr(tf.constant(np.arange(2000)))", "repr(tf.constant(np.arange(12.0).reshape(3,4)))","tf.constant(3, dtype=tf.float64)",
          "tf.constant([[1,2],[3,4]], dtype=tf.uint64)"]:
    t(e)
