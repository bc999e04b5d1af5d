"""kiln.image against TF 2.21's recorded results (image_cases.py,
docs/tf-reference/image.json): the same values within float32 rounding
(NUMBERS_RTOL), errors of TF's class; then the resize op against an
independent NumPy reference on random sizes, its gradient against the adjoint
identity, and kiln's own error messages."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import image_cases as cases
import kiln
import recorded_statements as recorded

RECORD = recorded.load("image")
NUMBERS_RTOL, NUMBERS_ATOL = 1e-5, 2e-6


kiln_results, test_the_record_is_of_these_cases, test_kiln_gives_tfs_result = \
    recorded.statement_tests(cases, RECORD, NUMBERS_RTOL, NUMBERS_ATOL)


# ---- an independent reference: resizing by direct formulas ----

def _bilinear_half_pixel(x, out_h, out_w):
    """TF 2's bilinear resize, written out: each output pixel's centre mapped
    back to input coordinates, the four neighbours (clamped) interpolated."""
    n, h, w, c = x.shape
    out = np.zeros((n, out_h, out_w, c))
    for i in range(out_h):
        fy = (i + 0.5) * h / out_h - 0.5
        y0 = int(np.floor(fy))
        ty = fy - y0
        ya, yb = min(max(y0, 0), h - 1), min(max(y0 + 1, 0), h - 1)
        for j in range(out_w):
            fx = (j + 0.5) * w / out_w - 0.5
            x0 = int(np.floor(fx))
            tx = fx - x0
            xa, xb = min(max(x0, 0), w - 1), min(max(x0 + 1, 0), w - 1)
            top = x[:, ya, xa] * (1 - tx) + x[:, ya, xb] * tx
            bottom = x[:, yb, xa] * (1 - tx) + x[:, yb, xb] * tx
            out[:, i, j] = top * (1 - ty) + bottom * ty
    return out


def _area_weights(size, out):
    """Each output cell's average of the input cells it covers (out <= size here)."""
    m = np.zeros((out, size))
    scale = size / out
    for i in range(out):
        lo, hi = i * scale, (i + 1) * scale
        for j in range(int(np.floor(lo)), int(np.ceil(hi))):
            m[i, min(j, size - 1)] += (min(j + 1, hi) - max(j, lo)) / scale
    return m


def _triangle_antialias_weights(size, out):
    """ScaleAndTranslate's triangle kernel widened by size / out, normalised."""
    m = np.zeros((out, size))
    widen = max(size / out, 1.0)
    for i in range(out):
        centre = (i + 0.5) * size / out
        for j in range(size):
            m[i, j] = max(0.0, 1 - abs((j + 0.5 - centre) / widen))
        m[i] /= m[i].sum()
    return m


images = st.tuples(st.integers(1, 2), st.integers(1, 9), st.integers(1, 9), st.integers(1, 3))
sizes = st.tuples(st.integers(1, 12), st.integers(1, 12))


@settings(max_examples=60, deadline=None)
@given(images, sizes, st.integers(0, 2**31 - 1))
def test_bilinear_matches_the_direct_formula(shape, size, seed):
    x = np.random.default_rng(seed).uniform(-1, 1, shape).astype(np.float32)
    got = np.asarray(kiln.image.resize(x, size))
    want = _bilinear_half_pixel(x.astype(np.float64), *size)
    # float32 against float64: kiln (as TF) maps coordinates in float32, off by
    # up to half an ulp of 12 (5e-7) times the slope between pixels (<= 2), plus
    # the rounding of the sum (|x| <= 1).
    np.testing.assert_allclose(got, want, rtol=0, atol=2e-6)


@settings(max_examples=40, deadline=None)
@given(images, sizes, st.integers(0, 2**31 - 1))
def test_area_and_antialiased_bilinear_match_their_weights(shape, size, seed):
    x = np.random.default_rng(seed).uniform(-1, 1, shape)
    size = (min(size[0], shape[1]), min(size[1], shape[2]))  # downsampling
    for method, weights, kw in (("area", _area_weights, {}),
                                ("bilinear", _triangle_antialias_weights, {"antialias": True})):
        got = np.asarray(kiln.image.resize(x.astype(np.float32), size, method=method, **kw))
        want = np.einsum("ih,jw,nhwc->nijc", weights(shape[1], size[0]), weights(shape[2], size[1]), x)
        np.testing.assert_allclose(got, want, rtol=0, atol=2e-6, err_msg=method)


@settings(max_examples=40, deadline=None)
@given(images, sizes, st.sampled_from(["bilinear", "nearest", "bicubic", "area", "lanczos3",
                                       "gaussian", "mitchellcubic"]),
       st.booleans(), st.integers(0, 2**31 - 1))
def test_the_gradient_is_the_adjoint_of_resizing(shape, size, method, antialias, seed):
    """<resize(x), dy> == <x, gradient(dy)> for every method: the gradient
    applies the transposed weights."""
    rng = np.random.default_rng(seed)
    x = kiln.constant(rng.uniform(-1, 1, shape))
    dy = rng.uniform(-1, 1, (shape[0],) + size + (shape[3],))
    with kiln.GradientTape() as tape:
        tape.watch(x)
        y = kiln.image.resize(x, size, method=method, antialias=antialias)
    g = tape.gradient(y, x, output_gradients=kiln.cast(dy, y.dtype))
    assert g.dtype == kiln.float64 and g.shape == x.shape
    lhs = float(np.sum(np.asarray(y, np.float64) * dy))
    rhs = float(np.sum(np.asarray(x) * np.asarray(g)))
    assert abs(lhs - rhs) <= 1e-5 * (np.sum(np.abs(dy)) + 1)


def test_nearest_keeps_the_dtype_and_copies_values():
    x = np.arange(2 * 3 * 4 * 2, dtype=np.int64).reshape(2, 3, 4, 2) * 10**12
    y = np.asarray(kiln.image.resize(x, [5, 7], method="nearest"))
    assert y.dtype == np.int64
    rows = np.minimum(np.floor((np.arange(5) + 0.5) * 3 / 5), 2).astype(int)
    cols = np.minimum(np.floor((np.arange(7) + 0.5) * 4 / 7), 3).astype(int)
    np.testing.assert_array_equal(y, x[:, rows][:, :, cols])


def test_large_images_split_over_threads_give_the_serial_result():
    x = np.random.default_rng(1).uniform(size=(3, 67, 45, 3)).astype(np.float32)
    want = _bilinear_half_pixel(x.astype(np.float64), 130, 91)
    # Coordinates up to 67 in float32: half an ulp is 4e-6 (times a slope <= 1).
    np.testing.assert_allclose(kiln.image.resize(x, [130, 91]), want, rtol=0, atol=1e-5)


def test_resize_errors_say_what_to_do():
    img = kiln.zeros([1, 4, 4, 2])
    v1 = kiln.compat.v1.image
    with pytest.raises(kiln.errors.InvalidArgumentError, match=r"\[resize\] .*must be 4-dimensional"):
        v1.resize_bilinear(kiln.zeros([4, 4, 2]), [2, 2])
    with pytest.raises(kiln.errors.InvalidArgumentError, match="output dimensions must be positive"):
        kiln.image.resize(img, [0, 3])
    with pytest.raises(kiln.errors.InvalidArgumentError, match="at least one channel"):
        kiln.image.resize(kiln.zeros([1, 4, 4, 0]), [2, 2])
    with pytest.raises(kiln.errors.InvalidArgumentError, match="non-zero size"):
        kiln.image.resize(kiln.zeros([1, 0, 4, 1]), [2, 2])
    with pytest.raises(kiln.errors.InvalidArgumentError,
                       match="If half_pixel_centers is True, align_corners must be False"):
        v1.resize_bilinear(img, [2, 2], align_corners=True, half_pixel_centers=True)
    with pytest.raises(kiln.errors.InvalidArgumentError, match="real number tensor.*got bool.*cast"):
        kiln.image.resize(kiln.zeros([1, 2, 2, 1], kiln.bool), [3, 3])
    with pytest.raises(ValueError, match="Resize method is not implemented: cubic"):
        kiln.image.resize(img, [2, 2], method="cubic")
    with pytest.raises(ValueError, match="1-D Tensor of 2 elements"):
        kiln.image.resize(img, [2, 2, 2])


def test_resize_op_refuses_flags_its_method_does_not_take():
    from kiln._ops import execute, op
    img = kiln.zeros([1, 4, 4, 1])
    with pytest.raises(kiln.errors.InvalidArgumentError, match="takes no antialias flag"):
        execute(op("resize"), (img,), ([2, 2], "bilinear", False, True, True))
    with pytest.raises(kiln.errors.InvalidArgumentError, match="takes neither align_corners"):
        execute(op("resize"), (img,), ([2, 2], "lanczos3", True, False, False))
    with pytest.raises(kiln.errors.InvalidArgumentError, match="Unrecognized resize method: 'x'"):
        execute(op("resize"), (img,), ([2, 2], "x", False, False, False))
    with pytest.raises(kiln.errors.InvalidArgumentError, match="size must have two elements"):
        execute(op("resize"), (img,), ([2], "bilinear", False, False, False))
    with pytest.raises(kiln.errors.InvalidArgumentError, match="grads must be a floating-point"):
        execute(op("resize_grad"), (kiln.zeros([1, 2, 2, 1], kiln.int32),),
                ([4, 4], "bilinear", False, False, False))
    with pytest.raises(kiln.errors.InvalidArgumentError, match="nearest neighbor requires max"):
        execute(op("resize"), (kiln.zeros([0, 1 << 24, 1, 1]),), ([2, 2], "nearest", False, False,
                                                                   False))


def test_image_helpers_errors():
    with pytest.raises(ValueError, match="unknown rank; kiln's image ops need it known"):
        g = kiln.Graph()
        with g.as_default():
            kiln.image.flip_left_right(kiln.compat.v1.placeholder(kiln.float32))
    with pytest.raises(ValueError, match="height and width known"):
        @kiln.function(input_signature=[kiln.TensorSpec([None, None, None, 1], kiln.float32)])
        def f(a):
            return kiln.image.extract_patches(a, [1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], "SAME")
        f(kiln.zeros([1, 3, 3, 1]))
    with pytest.raises(kiln.errors.InvalidArgumentError, match="contrast_factor must be scalar"):
        kiln.image.adjust_contrast(kiln.zeros([2, 2, 3]), [1.0, 2.0])


def test_random_flips_flip_whole_images_reproducibly():
    img = np.arange(6 * 2 * 3 * 1, dtype=np.float32).reshape(6, 2, 3, 1)
    a = np.asarray(kiln.image.random_flip_left_right(img, seed=5))
    kiln.random.set_seed(1)
    b = np.asarray(kiln.image.random_flip_left_right(img, seed=5))
    kiln.random.set_seed(1)
    c = np.asarray(kiln.image.random_flip_left_right(img, seed=5))
    np.testing.assert_array_equal(b, c)
    for out in (a, b):
        for i in range(6):
            assert np.array_equal(out[i], img[i]) or np.array_equal(out[i], img[i, :, ::-1])
    s = np.asarray(kiln.image.stateless_random_flip_up_down(img, seed=[1, 2]))
    np.testing.assert_array_equal(s, np.asarray(kiln.image.stateless_random_flip_up_down(img, [1, 2])))
    one = np.asarray(kiln.image.random_flip_up_down(img[0], seed=2))
    assert np.array_equal(one, img[0]) or np.array_equal(one, img[0, ::-1])


def test_extract_patches_matches_a_direct_loop():
    rng = np.random.default_rng(3)
    x = rng.integers(0, 100, (2, 7, 6, 2)).astype(np.int32)
    for k, s, r, padding in [((2, 3), (2, 1), (1, 2), "SAME"), ((3, 2), (1, 3), (2, 1), "VALID"),
                             ((1, 1), (2, 2), (1, 1), "SAME")]:
        got = np.asarray(kiln.image.extract_patches(x, [1, *k, 1], [1, *s, 1], [1, *r, 1], padding))
        eff = [(k[i] - 1) * r[i] + 1 for i in range(2)]
        size = x.shape[1:3]
        if padding == "SAME":
            out = [-(-size[i] // s[i]) for i in range(2)]
            pad = [max((out[i] - 1) * s[i] + eff[i] - size[i], 0) // 2 for i in range(2)]
        else:
            out = [(size[i] - eff[i]) // s[i] + 1 for i in range(2)]
            pad = [0, 0]
        want = np.zeros((2, out[0], out[1], k[0] * k[1] * 2), np.int32)
        for i in range(out[0]):
            for j in range(out[1]):
                for a in range(k[0]):
                    for b in range(k[1]):
                        y, xx = i * s[0] + a * r[0] - pad[0], j * s[1] + b * r[1] - pad[1]
                        if 0 <= y < size[0] and 0 <= xx < size[1]:
                            want[:, i, j, (a * k[1] + b) * 2:(a * k[1] + b + 1) * 2] = x[:, y, xx]
        np.testing.assert_array_equal(got, want)


def test_compat_v1_image_holds_tf1s_names_and_tf2s_stays_clean():
    v1 = kiln.compat.v1
    assert v1.image.resize is v1.image.resize_images
    assert v1.image.resize is not kiln.image.resize
    assert not hasattr(kiln.image, "resize_bilinear")
    assert v1.image.ResizeMethod.AREA == "area"
    assert v1.extract_image_patches is v1.image.extract_image_patches


def test_every_image_op_runs_with_shapes_and_arguments_fed_at_run_time():
    """Placeholders of unknown height, width, k, fraction and target size: the
    graph's results are the eager ones (rot90 switches on k % 4 when it runs)."""
    v1 = kiln.compat.v1
    img = np.arange(2 * 3 * 4 * 1, dtype=np.float32).reshape(2, 3, 4, 1)
    calls = [
        (lambda a, k, f, t: kiln.image.rot90(a, k), (3,)),
        (lambda a, k, f, t: kiln.image.central_crop(a, f), ()),
        (lambda a, k, f, t: kiln.image.resize_with_crop_or_pad(a, t, 5), ()),
        (lambda a, k, f, t: kiln.image.per_image_standardization(a), ()),
        (lambda a, k, f, t: kiln.image.resize_with_pad(a, t, 6), ()),
        (lambda a, k, f, t: kiln.image.pad_to_bounding_box(a, 1, 1, t, 7), ()),
        (lambda a, k, f, t: kiln.image.crop_to_bounding_box(a, 1, 1, t - 3, 2), ()),
        (lambda a, k, f, t: kiln.image.resize(a, [4, 4], preserve_aspect_ratio=True), ()),
        (lambda a, k, f, t: kiln.image.resize(a, kiln.stack([t, 3]), method="bicubic"), ()),
        (lambda a, k, f, t: kiln.image.total_variation(a), ()),
    ]
    g = kiln.Graph()
    with g.as_default():
        a = v1.placeholder(kiln.float32, [None, None, None, 1])
        k = v1.placeholder(kiln.int32, [])
        f = v1.placeholder(kiln.float32, [])
        t = v1.placeholder(kiln.int32, [])
        outs = [fn(a, k, f, t) for fn, _ in calls]
    assert outs[4].shape.as_list() == [None, None, 6, 1]  # TF's static shape
    with v1.Session(graph=g) as sess:
        got = sess.run(outs, {a: img, k: 3, f: 0.5, t: 5})
    for i, (fn, _) in enumerate(calls):
        want = np.asarray(fn(img, 3, 0.5, 5))
        assert got[i].shape == want.shape, i
        np.testing.assert_allclose(got[i], want, rtol=1e-6, err_msg=str(i))
