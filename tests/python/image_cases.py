"""kiln.image (python/kiln/image_ops.py, _image_resize.py, _image_patches.py)
as TF programs call it: resize with every method, TF1's resize ops and their
align_corners / half_pixel_centers, gradients, None batch shapes in traced
functions and compat.v1 graphs, the other tf.image ops, and TF's errors.
TF's results are recorded in docs/tf-reference/image.json
(docs/tf-reference/probe_image.py); test_image_ops.py compares. Statements run
in order in one namespace (tape_cases.evaluate_all's rules)."""

from tape_cases import evaluate_all as _evaluate_all

_METHODS = ["bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian",
            "mitchellcubic"]

SETUP = [
    "img = tf.sin(tf.reshape(tf.range(2 * 5 * 7 * 3, dtype=tf.float32), [2, 5, 7, 3]))",
    "one = img[0]",
    "u8 = tf.cast(tf.reshape(tf.range(2 * 4 * 6 * 3) * 7 % 256, [2, 4, 6, 3]), tf.uint8)",
    "big = tf.sin(tf.reshape(tf.range(20 * 17 * 2, dtype=tf.float32) * 0.37, [1, 20, 17, 2]))",
    "w34 = tf.cos(tf.reshape(tf.range(2 * 3 * 4 * 3, dtype=tf.float32), [2, 3, 4, 3]))",
]

RESIZE = (
    [f"tf.image.resize(img, [3, 4], method='{m}')" for m in _METHODS]
    + [f"tf.image.resize(img[:1, :3, :4], [7, 9], method='{m}')" for m in _METHODS]
    + [f"tf.image.resize(big, [7, 5], method='{m}', antialias=True)" for m in _METHODS]
    + [f"tf.image.resize(big, [6, 23], method='{m}', antialias=True)" for m in _METHODS]
    + [
        "tf.image.resize(one, [3, 3])",
        "tf.image.resize(u8, [3, 4])",
        "tf.image.resize(u8, [3, 8], method='nearest')",
        "tf.image.resize(u8, [2, 5], method='bicubic', antialias=True)",
        "tf.image.resize(tf.cast(img, tf.float64), [3, 4])",
        "tf.image.resize(img, [3, 4], method=tf.image.ResizeMethod.BICUBIC)",
        "tf.image.resize(img, [5, 7])",
        "tf.image.resize(img, tf.constant([2, 2]), method='area')",
        "tf.image.resize(img, [10, 10], preserve_aspect_ratio=True).shape",
        "tf.image.resize(img, [3, 20], preserve_aspect_ratio=True)",
        "tf.image.resize(one, [9, 9], preserve_aspect_ratio=True, method='nearest').shape",
        "tf.image.resize(tf.zeros([0, 2, 3, 1]), [4, 4]).shape",
        "tf.image.resize_with_pad(img, 8, 8)",
        "tf.image.resize_with_pad(one, 4, 10, method='nearest')",
        "tf.image.resize_with_pad(big, 3, 9, antialias=True)",
        # TF1's resize ops and conventions
        "tf.compat.v1.image.resize(img, [3, 4])",
        "tf.compat.v1.image.resize(img, [3, 4], align_corners=True)",
        "tf.compat.v1.image.resize_images(img, [8, 9], method='bicubic', align_corners=True)",
        "tf.compat.v1.image.resize(u8, [4, 6]).dtype.name",
        "tf.compat.v1.image.resize(one, [2, 3], method=tf.compat.v1.image.ResizeMethod.AREA)",
        "tf.compat.v1.image.resize_bilinear(img, [3, 4])",
        "tf.compat.v1.image.resize_bilinear(img, [8, 9], align_corners=True)",
        "tf.compat.v1.image.resize_bilinear(img, [8, 9], half_pixel_centers=True)",
        "tf.compat.v1.image.resize_nearest_neighbor(img, [3, 9])",
        "tf.compat.v1.image.resize_nearest_neighbor(img, [3, 9], align_corners=True)",
        "tf.compat.v1.image.resize_nearest_neighbor(u8, [7, 4], half_pixel_centers=True)",
        "tf.compat.v1.image.resize_bicubic(img, [4, 9])",
        "tf.compat.v1.image.resize_bicubic(img, [4, 9], align_corners=True)",
        "tf.compat.v1.image.resize_bicubic(img, [4, 9], half_pixel_centers=True)",
        "tf.compat.v1.image.resize_area(img, [3, 4])",
        "tf.compat.v1.image.resize_area(img, [8, 9], align_corners=True)",
        "tf.compat.v1.image.resize_area(u8, [3, 5])",
        "tf.compat.v1.image.resize_image_with_pad(img, 8, 8, align_corners=True)",
        # errors
        "tf.image.resize(img, [3, 4], method='cubic')",
        "tf.image.resize(img[0, 0], [3, 4])",
        "tf.image.resize(img, [3])",
        "tf.image.resize(img, [3.0, 2.0])",
        "tf.image.resize(img, [0, 4])",
        "tf.image.resize(img, [-1, 4])",
        "tf.image.resize(tf.zeros([1, 0, 3, 1]), [2, 2])",
        "tf.image.resize(tf.zeros([1, 2, 3, 0]), [2, 2])",
        "tf.image.resize(tf.zeros([1, 2, 3, 1], tf.bool), [2, 2])",
        "tf.image.resize(tf.zeros([1, 2, 3, 1], tf.complex64), [2, 2], method='nearest')",
        "tf.compat.v1.image.resize_bilinear(img, [3, 4], align_corners=True, half_pixel_centers=True)",
        "tf.compat.v1.image.resize_bilinear(one, [3, 4])",
        "tf.image.resize_with_pad(img, 0, 4)",
    ]
)

GRADIENTS = [
    f"with tf.GradientTape() as t:\n t.watch(img)\n y = tf.reduce_sum(tf.image.resize(img, [3, 4], "
    f"method='{m}'{aa}) * w34)\ng = t.gradient(y, img)\n"
    f"[g.dtype, tf.reduce_sum(g * tf.cos(img)), tf.reduce_max(tf.abs(g))]"
    for m, aa in [("bilinear", ""), ("nearest", ""), ("bicubic", ""), ("lanczos3", ""),
                  ("bilinear", ", antialias=True"), ("gaussian", ", antialias=True"),
                  ("mitchellcubic", ", antialias=True")]
] + [
    "with tf.GradientTape() as t:\n t.watch(img)\n y = tf.reduce_sum(tf.image.resize(img[:1, :3, :4], "
    "[7, 9]) * tf.reshape(tf.range(189.0), [1, 7, 9, 3]))\ng = t.gradient(y, img)",
    "g[0, :3, :4]",
    "d = tf.cast(img[:1, :3, :4], tf.float64)",
    "with tf.GradientTape() as t:\n t.watch(d)\n y = tf.reduce_sum(tf.compat.v1.image.resize_bilinear("
    "d, [6, 5], align_corners=True) ** 2)\ng = t.gradient(y, d)", "g",
    "with tf.GradientTape() as t:\n t.watch(d)\n y = tf.reduce_sum(tf.image.resize(d, [6, 5], "
    "method='nearest') ** 2)\ng = t.gradient(y, d)", "g",
]

GRAPHS = [
    # None batch (and spatial) dimensions: static shapes and values in traced functions
    "shapes = []",
    "@tf.function(input_signature=[tf.TensorSpec([None, 5, 7, 3], tf.float32)], autograph=False)\ndef rs(a):\n"
    " r = tf.image.resize(a, [3, 4], method='bicubic')\n shapes.append(r.shape)\n return r",
    "rs(img)", "shapes[-1]",
    "@tf.function(input_signature=[tf.TensorSpec([None, None, None, 3], tf.float32)], autograph=False)\ndef rs2(a):\n"
    " r = tf.image.resize(a, [3, 4], antialias=True)\n shapes.append(r.shape)\n return r",
    "rs2(img[:, :4])", "shapes[-1]",
    "@tf.function(input_signature=[tf.TensorSpec([None, 5, 7, 3], tf.float32)], autograph=False)\ndef flips(a):\n"
    " r = [tf.image.flip_left_right(a), tf.image.flip_up_down(a), tf.image.transpose(a),\n"
    "      tf.image.central_crop(a, 0.5), tf.image.resize_with_crop_or_pad(a, 4, 9),\n"
    "      tf.image.extract_patches(a, [1, 2, 2, 1], [1, 2, 2, 1], [1, 1, 1, 1], 'SAME'),\n"
    "      tf.image.per_image_standardization(a), tf.image.total_variation(a),\n"
    "      tf.image.resize_with_pad(a, 6, 6)]\n"
    " shapes.append([x.shape for x in r])\n return r",
    "[tf.reduce_sum(x) for x in flips(img)]", "shapes[-1]",
    # compat.v1 graphs and sessions, the size fed at run time too
    "g1 = tf.Graph()",
    "with g1.as_default():\n p = tf.compat.v1.placeholder(tf.float32, [None, 5, 7, 3])\n"
    " sz = tf.compat.v1.placeholder(tf.int32, [2])\n"
    " r1 = tf.image.resize(p, [3, 4])\n r2 = tf.compat.v1.image.resize_bilinear(p, sz, align_corners=True)\n"
    " r3 = tf.image.resize(p, sz, method='lanczos3', antialias=True)\n"
    " r4 = tf.compat.v1.image.resize_nearest_neighbor(p, sz)",
    "[r1.shape, r2.shape, r3.shape, r4.shape]",
    "with tf.compat.v1.Session(graph=g1) as s:\n"
    " out = s.run([r1, r2, r3, r4], {p: img.numpy(), sz: [4, 3]})",
    "[tf.constant(o) for o in out]",
    "g2 = tf.Graph()",
    "with g2.as_default():\n p = tf.compat.v1.placeholder(tf.float32, [None, 5, 7, 3])\n"
    " y = tf.reduce_sum(tf.image.resize(p, [3, 4], method='bicubic') ** 2)\n"
    " gp, = tf.compat.v1.gradients(y, [p])",
    "gp.shape",
    "with tf.compat.v1.Session(graph=g2) as s:\n gv = s.run(gp, {p: img.numpy()})",
    "tf.constant(gv)[0, 1]",
]

OTHERS = [
    "tf.image.flip_left_right(img)[0, :2]",
    "tf.image.flip_up_down(one)[:2]",
    "tf.image.flip_left_right(tf.zeros([3, 3]))",
    "tf.image.flip_up_down(tf.zeros([1, 2, 3, 4, 5]))",
    "tf.image.random_flip_left_right(img, seed=3).shape",
    "tf.image.random_flip_up_down(one, seed=3).shape",
    "[tf.image.rot90(img, k)[0, :, :, 0] for k in (0, 1, 2, 3, -1, 6)]",
    "tf.image.rot90(one)[:, :, 1]",
    "tf.image.rot90(img, tf.constant(3))[0, :, :, 0]",
    "tf.image.transpose(img)[1, :, :, 2]",
    "tf.image.transpose(one).shape",
    "tf.image.per_image_standardization(img)[1, :2]",
    "tf.image.per_image_standardization(u8)[0, 0]",
    "tf.image.per_image_standardization(tf.ones([2, 2, 1]))",
    "tf.image.central_crop(img, 0.5)",
    "tf.image.central_crop(one, 0.33)",
    "tf.image.central_crop(one, 1.0).shape",
    "tf.image.central_crop(img, 0.0)",
    "tf.image.central_crop(img, 1.5)",
    "tf.image.crop_to_bounding_box(img, 1, 2, 3, 4)[0, :, :, 0]",
    "tf.image.crop_to_bounding_box(one, 0, 0, 5, 1)",
    "tf.image.crop_to_bounding_box(img, 0, 0, 10, 2)",
    "tf.image.crop_to_bounding_box(img, -1, 0, 2, 2)",
    "tf.image.crop_to_bounding_box(img, 0, 0, 2, 0)",
    "tf.image.pad_to_bounding_box(one, 1, 2, 8, 10)[:, :, 0]",
    "tf.image.pad_to_bounding_box(u8, 0, 1, 5, 7)[1, :, :, 2]",
    "tf.image.pad_to_bounding_box(img, 0, 0, 2, 2)",
    "tf.image.pad_to_bounding_box(img, -1, 0, 9, 9)",
    "tf.image.resize_with_crop_or_pad(img, 3, 9)[0, :, :, 0]",
    "tf.image.resize_with_crop_or_pad(one, 8, 4)[:, :, 1]",
    "tf.image.resize_with_crop_or_pad(one, 0, 4)",
    "tf.compat.v1.image.resize_image_with_crop_or_pad(u8, 2, 2)",
    "tf.image.convert_image_dtype(u8, tf.float32)[0, 0]",
    "tf.image.convert_image_dtype(u8, tf.float16)[0, 0]",
    "tf.image.convert_image_dtype(img, tf.uint8)[0, 0]",
    "tf.image.convert_image_dtype(img, tf.uint8, saturate=True)[0, 0]",
    "tf.image.convert_image_dtype(img * 2.0, tf.int16, saturate=True)[0, 0]",
    "tf.image.convert_image_dtype(u8, tf.int16)[0, 0]",
    "tf.image.convert_image_dtype(tf.cast(u8, tf.int32) * 1000000, tf.uint8)[0, 0]",
    "tf.image.convert_image_dtype(tf.cast(u8, tf.int16) * 100, tf.uint8, saturate=True)[0, 0]",
    "tf.image.convert_image_dtype(img, tf.float64)[0, 0]",
    "tf.image.convert_image_dtype(u8, tf.uint8)[0, 0]",
    "tf.image.convert_image_dtype(u8, tf.bool)",
    "tf.image.adjust_brightness(u8, 0.1)[0, 0]",
    "tf.image.adjust_brightness(img, -0.2)[0, 0]",
    "tf.image.adjust_brightness(tf.cast(img, tf.float64), 0.5)[0, 0]",
    "tf.image.adjust_contrast(img, 2.0)[1, 1]",
    "tf.image.adjust_contrast(u8, 0.5)[0, 1]",
    "tf.image.adjust_contrast(one, tf.constant(1.5))[2]",
    "tf.image.rgb_to_grayscale(img)[0, :, :, 0]",
    "tf.image.rgb_to_grayscale(u8)[1, :, :, 0]",
    "gray = tf.image.rgb_to_grayscale(one)",
    "tf.image.grayscale_to_rgb(gray)[0]",
    "tf.image.grayscale_to_rgb(img)",
    "tf.image.grayscale_to_rgb(tf.zeros([3]))",
    "tf.image.total_variation(img)",
    "tf.image.total_variation(one)",
    "tf.image.total_variation(tf.cast(u8, tf.int32))",
    "tf.image.total_variation(tf.zeros([3, 3]))",
    # extract_patches: sizes, strides, rates, padding
    "tf.image.extract_patches(img, [1, 2, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1], 'VALID')",
    "tf.image.extract_patches(img, [1, 2, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1], 'SAME')[1]",
    "tf.image.extract_patches(img[:1], [1, 2, 2, 1], [1, 1, 3, 1], [1, 2, 2, 1], 'SAME')",
    "tf.image.extract_patches(u8, [1, 3, 3, 1], [1, 1, 1, 1], [1, 1, 2, 1], 'VALID')",
    "tf.image.extract_patches(tf.zeros([0, 3, 3, 2]), [1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], 'SAME').shape",
    "tf.compat.v1.image.extract_image_patches(img[:1, :3, :3, :1], ksizes=[1, 2, 2, 1], "
    "strides=[1, 1, 1, 1], rates=[1, 1, 1, 1], padding='VALID')",
    "tf.compat.v1.extract_image_patches(img[:1, :3, :3, :1], [1, 3, 1, 1], [1, 1, 1, 1], "
    "[1, 1, 1, 1], 'SAME')",
    "tf.image.extract_patches(img, [1, 2, 2], [1, 1, 1, 1], [1, 1, 1, 1], 'VALID')",
    "tf.image.extract_patches(img, [2, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], 'VALID')",
    "tf.image.extract_patches(img, [1, 2, 2, 1], [1, 1, 1, 2], [1, 1, 1, 1], 'VALID')",
    "tf.image.extract_patches(img, [1, 2, 2, 1], [1, 1, 1, 1], [2, 1, 1, 1], 'VALID')",
    "tf.image.extract_patches(img, [1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], 'FOO')",
    "tf.image.extract_patches(img, [1, 6, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], 'VALID')",
    "tf.image.extract_patches(img, [1, 2, 2, 1], [1, 0, 1, 1], [1, 1, 1, 1], 'VALID')",
    "tf.image.extract_patches(one, [1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], 'VALID')",
    "with tf.GradientTape() as t:\n t.watch(img)\n y = tf.reduce_sum(tf.image.extract_patches(img, "
    "[1, 3, 2, 1], [1, 2, 1, 1], [1, 1, 2, 1], 'SAME') ** 2)\ng = t.gradient(y, img)", "g[0, :, :, 0]",
]

CASES = SETUP + RESIZE + GRADIENTS + GRAPHS + OTHERS


def evaluate_all(tf):
    """[case, result] for every case, in order, in one namespace."""
    return _evaluate_all(tf, CASES)
