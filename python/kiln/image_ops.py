"""``kiln.image``: tf.image's ops. Resizing runs kiln's ``resize`` op
(_image_resize.py); the others are composites of kiln's ops, as TF composes
them (flips are reverses, crops slices, pads pads, colour conversions
arithmetic), so they work eagerly, in graphs and in traced functions and have
gradients. extract_patches gathers the patches' elements (_image_patches.py).

Images are (batch, height, width, channels) or one image (height, width,
channels). Offsets and sizes given as Python ints are checked when the op is
built, with TF's ValueErrors; kiln needs the rank of an image known.
"""

import numpy as _np

from . import dtypes as _dtypes
from ._convert import convert_to_tensor as _convert
from ._image_patches import extract_image_patches, extract_patches
from ._image_resize import (ResizeMethod, resize, resize_area, resize_bicubic, resize_bilinear,
                            resize_image_with_pad, resize_images, resize_nearest_neighbor,
                            resize_with_pad)
from ._ops import TENSOR_TYPES as _TENSORS
from ._symbolic_tensor import SymbolicTensor as _Symbolic

__all__ = []
NAMESPACES = {"image": [
    "ResizeMethod", "resize", "resize_with_pad", "resize_with_crop_or_pad", "flip_left_right",
    "flip_up_down", "random_flip_left_right", "random_flip_up_down",
    "stateless_random_flip_left_right", "stateless_random_flip_up_down", "rot90", "transpose",
    "per_image_standardization", "central_crop", "crop_to_bounding_box", "pad_to_bounding_box",
    "convert_image_dtype", "adjust_brightness", "adjust_contrast", "rgb_to_grayscale",
    "grayscale_to_rgb", "extract_patches", "total_variation"]}


def _kiln():
    import kiln
    return kiln


# ---- shape checks (TF's _CheckAtLeast3DImage, _ImageDimensions) ----

def _check_at_least_3d(image):
    shape = image.shape
    if shape.rank is None:
        raise ValueError(f"'image' (shape {shape}) has an unknown rank; kiln's image ops need it "
                         f"known (3 or 4 dimensions): give the placeholder a shape.")
    if shape.rank < 3:
        raise ValueError(f"'image' (shape {shape}) must be at least three-dimensional.")
    if any(d == 0 for d in shape.as_list()[-3:]):
        raise ValueError(f"inner 3 dims of 'image.shape' must be > 0: {shape}")


def _image_dims(image):
    """Each dimension: a Python int when known, else a scalar tensor read when the graph runs."""
    dims = image.shape.as_list()
    if all(d is not None for d in dims):
        return dims
    shape = _kiln().shape(image)
    return [d if d is not None else shape[i] for i, d in enumerate(dims)]


def _rank_3_or_4(image, what="'image'"):
    image = _convert(image)
    _check_at_least_3d(image)
    if image.shape.rank not in (3, 4):
        raise ValueError(f"{what} (shape {image.shape}) must have either 3 or 4 dimensions.")
    return image


def _is_tensor(v):
    return isinstance(v, _TENSORS)


# ---- flips, rotations, transposes ----

def flip_left_right(image):
    """The images mirrored left to right (the width axis reversed)."""
    image = _rank_3_or_4(image)
    return _kiln().reverse(image, [image.shape.rank - 2])


def flip_up_down(image):
    """The images upside down (the height axis reversed)."""
    image = _rank_3_or_4(image)
    return _kiln().reverse(image, [image.shape.rank - 3])


def _random_flip(image, axis_of_rank3, draw):
    kiln = _kiln()
    image = _rank_3_or_4(image)
    if image.shape.rank == 3:
        flipped = kiln.reverse(image, [axis_of_rank3])
        return kiln.where(draw([]) < 0.5, flipped, image)
    # One draw per image; flips is 1.0 where the image is flipped (TF's arithmetic blend).
    batch = kiln.shape(image)[0]
    flips = kiln.cast(kiln.round(kiln.reshape(draw([batch]), [batch, 1, 1, 1])), image.dtype)
    flipped = kiln.reverse(image, [axis_of_rank3 + 1])
    return flips * flipped + (1 - flips) * image


def random_flip_left_right(image, seed=None):
    """Each image mirrored left to right with probability 1/2."""
    kiln = _kiln()
    return _random_flip(image, 1, lambda s: kiln.random.uniform(s, 0, 1.0, seed=seed))


def random_flip_up_down(image, seed=None):
    """Each image flipped upside down with probability 1/2."""
    kiln = _kiln()
    return _random_flip(image, 0, lambda s: kiln.random.uniform(s, 0, 1.0, seed=seed))


def stateless_random_flip_left_right(image, seed):
    """random_flip_left_right drawn from a stateless seed (shape [2])."""
    kiln = _kiln()
    return _random_flip(image, 1, lambda s: kiln.random.stateless_uniform(s, seed, 0, 1.0))


def stateless_random_flip_up_down(image, seed):
    """random_flip_up_down drawn from a stateless seed (shape [2])."""
    kiln = _kiln()
    return _random_flip(image, 0, lambda s: kiln.random.stateless_uniform(s, seed, 0, 1.0))


def rot90(image, k=1, name=None):
    """The images rotated counter-clockwise by k quarter turns (k may be negative)."""
    kiln = _kiln()
    image = _rank_3_or_4(image)
    h = image.shape.rank - 3  # the height axis
    perm = list(range(image.shape.rank))
    perm[h], perm[h + 1] = perm[h + 1], perm[h]

    def turn(quarters):
        if quarters == 1:
            return kiln.transpose(kiln.reverse(image, [h + 1]), perm)
        if quarters == 2:
            return kiln.reverse(image, [h, h + 1])
        if quarters == 3:
            return kiln.reverse(kiln.transpose(image, perm), [h + 1])
        return kiln.identity(image)

    if isinstance(k, _Symbolic):
        from ._static_value import get_static_value
        static = get_static_value(k)
        if static is None:
            # Branches differ in shape when height != width: a switch on k % 4.
            k = kiln.math.floormod(kiln.cast(k, _dtypes.int32), 4)
            return kiln.switch_case(k, [lambda q=q: turn(q) for q in range(4)])
        k = static
    if hasattr(k, "shape") and tuple(k.shape) != ():
        raise ValueError(f"Shape must be rank 0 but is rank {len(k.shape)} for k.")
    return turn(int(k) % 4)


def transpose(image, name=None):
    """Height and width swapped."""
    image = _rank_3_or_4(image)
    perm = [1, 0, 2] if image.shape.rank == 3 else [0, 2, 1, 3]
    return _kiln().transpose(image, perm, name=name)


# ---- crops and pads ----

def central_crop(image, central_fraction):
    """The central region covering central_fraction of each of height and width."""
    kiln = _kiln()
    image = _convert(image)
    fraction = central_fraction
    if not isinstance(fraction, _Symbolic):
        fraction = float(_np.asarray(fraction))
        if fraction <= 0.0 or fraction > 1.0:
            raise ValueError("central_fraction must be within (0, 1]")
        if fraction == 1.0:
            return image
    _check_at_least_3d(image)
    rank = image.shape.rank
    if rank not in (3, 4):
        raise ValueError(f"`image` should either be a Tensor with rank = 3 or rank = 4. Had "
                         f"rank = {rank}.")
    dims = _image_dims(image)
    h, w = dims[rank - 3], dims[rank - 2]

    def start(size):
        if isinstance(size, int) and not isinstance(fraction, _Symbolic):
            return int((float(size) - float(size) * fraction) / 2)
        size = kiln.cast(size, _dtypes.float64)
        return kiln.cast((size - size * kiln.cast(fraction, _dtypes.float64)) / 2, _dtypes.int32)

    top, left = start(h), start(w)
    begin = [top, left, 0] if rank == 3 else [0, top, left, 0]
    size = [h - 2 * top, w - 2 * left, -1] if rank == 3 else [-1, h - 2 * top, w - 2 * left, -1]
    return kiln.slice(image, begin, size)


def _as_batch(image):
    kiln = _kiln()
    image = _convert(image)
    rank = image.shape.rank
    if rank == 3:
        return kiln.expand_dims(image, 0), False
    if rank != 4:
        if rank is None:
            _check_at_least_3d(image)
        raise ValueError(f"'image' (shape {image.shape}) must have either 3 or 4 dimensions.")
    return image, True


def _require(cond, message):
    """TF's _assert for values known now (a tensor condition is left to the op)."""
    if not _is_tensor(cond) and not cond:
        raise ValueError(message)


def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """The target_height x target_width region at (offset_height, offset_width)."""
    kiln = _kiln()
    image, is_batch = _as_batch(image)
    _check_at_least_3d(image)
    _, height, width, _ = _image_dims(image)
    _require(offset_width >= 0, "offset_width must be >= 0.")
    _require(offset_height >= 0, "offset_height must be >= 0.")
    _require(target_width > 0, "target_width must be > 0.")
    _require(target_height > 0, "target_height must be > 0.")
    _require(width >= target_width + offset_width, "width must be >= target + offset.")
    _require(height >= target_height + offset_height, "height must be >= target + offset.")
    cropped = kiln.slice(image, [0, offset_height, offset_width, 0],
                         [-1, target_height, target_width, -1])
    return cropped if is_batch else kiln.squeeze(cropped, axis=[0])


def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """The image placed at (offset_height, offset_width) in target_height x target_width zeros."""
    kiln = _kiln()
    image, is_batch = _as_batch(image)
    _, height, width, _ = _image_dims(image)
    after_width = target_width - offset_width - width
    after_height = target_height - offset_height - height
    _check_at_least_3d(image)
    _require(offset_height >= 0, "offset_height must be >= 0")
    _require(offset_width >= 0, "offset_width must be >= 0")
    _require(after_width >= 0, "width must be <= target - offset")
    _require(after_height >= 0, "height must be <= target - offset")
    paddings = [[0, 0], [offset_height, after_height], [offset_width, after_width], [0, 0]]
    padded = kiln.pad(image, paddings)
    if padded.shape.rank is not None and not padded.shape.is_fully_defined():
        # TF's static shape: the targets given as Python ints are known.
        static = [None if _is_tensor(v) else v
                  for v in (image.shape[0], target_height, target_width, image.shape[3])]
        padded = kiln.ensure_shape(padded, static)
    return padded if is_batch else kiln.squeeze(padded, axis=[0])


def resize_with_crop_or_pad(image, target_height, target_width):
    """Centrally cropped and/or zero-padded to target_height x target_width."""
    kiln = _kiln()
    image, is_batch = _as_batch(image)
    _check_at_least_3d(image)
    _require(target_width > 0, "target_width must be > 0.")
    _require(target_height > 0, "target_height must be > 0.")
    dynamic = lambda *v: any(_is_tensor(x) for x in v)  # noqa: E731
    max_ = lambda x, y: kiln.maximum(x, y) if dynamic(x, y) else max(x, y)  # noqa: E731
    min_ = lambda x, y: kiln.minimum(x, y) if dynamic(x, y) else min(x, y)  # noqa: E731
    _, height, width, _ = _image_dims(image)
    width_diff, height_diff = target_width - width, target_height - height
    cropped = crop_to_bounding_box(image, max_(-height_diff // 2, 0), max_(-width_diff // 2, 0),
                                   min_(target_height, height), min_(target_width, width))
    resized = pad_to_bounding_box(cropped, max_(height_diff // 2, 0), max_(width_diff // 2, 0),
                                  target_height, target_width)
    return resized if is_batch else kiln.squeeze(resized, axis=[0])


# ---- values ----

def per_image_standardization(image):
    """(x - mean) / max(stddev, 1/sqrt(N)) per image (its last three axes), as float32."""
    kiln = _kiln()
    image = _convert(image)
    _check_at_least_3d(image)
    image = kiln.cast(image, _dtypes.float32)
    dims = image.shape.as_list()[-3:]
    pixels = (dims[0] * dims[1] * dims[2] if None not in dims
              else kiln.reduce_prod(kiln.shape(image)[-3:]))
    mean = kiln.reduce_mean(image, axis=[-1, -2, -3], keepdims=True)
    stddev = kiln.math.reduce_std(image, axis=[-1, -2, -3], keepdims=True)
    min_stddev = kiln.math.rsqrt(kiln.cast(pixels, _dtypes.float32))
    return (image - mean) / kiln.maximum(stddev, min_stddev)


def convert_image_dtype(image, dtype, saturate=False, name=None):
    """Values rescaled between dtypes' ranges: floats in [0, 1], integers in
    [0, dtype.max] (TF's rules: integer scale factors, +0.5 before casting
    floats to integers, saturation only where asked)."""
    kiln = _kiln()
    image = _convert(image)
    dtype = _dtypes.as_dtype(dtype)
    if not dtype.is_floating and not dtype.is_integer:
        raise AttributeError("dtype must be either floating point or integer")
    if not image.dtype.is_floating and not image.dtype.is_integer:
        raise AttributeError("image dtype must be either floating point or integer")
    if dtype == image.dtype:
        return kiln.identity(image, name=name)
    cast = kiln.saturate_cast if saturate else kiln.cast
    if image.dtype.is_integer and dtype.is_integer:
        scale_in, scale_out = image.dtype.max, dtype.max
        if scale_in > scale_out:  # scale down first, then cast
            return cast(kiln.math.floordiv(image, (scale_in + 1) // (scale_out + 1)), dtype)
        return cast(image, dtype) * ((scale_out + 1) // (scale_in + 1))
    if image.dtype.is_floating and dtype.is_floating:
        return kiln.cast(image, dtype)
    if image.dtype.is_integer:  # to float: cast, then scale
        return kiln.cast(image, dtype) * (1.0 / image.dtype.max)
    return cast(image * (dtype.max + 0.5), dtype)  # from float: scale, then cast


def _in_float(image, fn):
    """fn of the image as float (float16 and float32 stay), converted back
    with saturation (TF's adjust_* pattern)."""
    image = _convert(image)
    orig = image.dtype
    flt = image if orig in (_dtypes.float16, _dtypes.float32) else convert_image_dtype(
        image, _dtypes.float32)
    return convert_image_dtype(fn(flt), orig, saturate=True)


def adjust_brightness(image, delta):
    """delta added to every value (in [0, 1] units for integer images)."""
    kiln = _kiln()
    return _in_float(image, lambda x: x + kiln.cast(delta, x.dtype))


def adjust_contrast(images, contrast_factor):
    """Each channel of each image moved away from its mean: (x - mean) * factor + mean."""
    kiln = _kiln()

    def contrast(x):
        if x.shape.rank is not None and x.shape.rank < 3:
            raise kiln.errors.InvalidArgumentError(
                None, None, f"input must be at least 3-D, got shape {x.shape}")
        factor = kiln.cast(contrast_factor, x.dtype)
        if factor.shape.rank not in (None, 0):
            raise kiln.errors.InvalidArgumentError(
                None, None, f"contrast_factor must be scalar: {factor.shape}")
        mean = kiln.reduce_mean(x, axis=[-3, -2], keepdims=True)
        return (x - mean) * factor + mean
    return _in_float(images, contrast)


_GRAY_WEIGHTS = [0.2989, 0.5870, 0.1140]  # luma (Rec. 601), as TF


def rgb_to_grayscale(images, name=None):
    """One channel: 0.2989 R + 0.5870 G + 0.1140 B (in float, back to the dtype)."""
    kiln = _kiln()
    images = _convert(images)
    gray = kiln.tensordot(convert_image_dtype(images, _dtypes.float32), _GRAY_WEIGHTS, [-1, -1])
    return convert_image_dtype(kiln.expand_dims(gray, -1), images.dtype, name=name)


def grayscale_to_rgb(images, name=None):
    """The one channel repeated three times."""
    kiln = _kiln()
    images = _convert(images)
    shape = images.shape
    if shape.rank is None or shape.rank < 2:
        raise ValueError(f"A grayscale image (shape {shape}) must be at least two-dimensional.")
    if shape[-1] is not None and shape[-1] != 1:
        raise ValueError("Last dimension of a grayscale image should be size 1.")
    return kiln.tile(images, [1] * (shape.rank - 1) + [3])


def total_variation(images, name=None):
    """The sum of absolute differences of neighbouring pixels (per image for a batch)."""
    kiln = _kiln()
    images = _convert(images)
    rank = images.shape.rank
    if rank == 3:
        dif1 = images[1:, :, :] - images[:-1, :, :]
        dif2 = images[:, 1:, :] - images[:, :-1, :]
        axis = None
    elif rank == 4:
        dif1 = images[:, 1:, :, :] - images[:, :-1, :, :]
        dif2 = images[:, :, 1:, :] - images[:, :, :-1, :]
        axis = [1, 2, 3]
    else:
        raise ValueError("'images' must be either 3 or 4-dimensional.")
    return (kiln.reduce_sum(kiln.abs(dif1), axis=axis) + kiln.reduce_sum(kiln.abs(dif2), axis=axis))


# TF1's names (tf.compat.v1.image, and tf.compat.v1's own), installed by kiln.compat.v1.
V1_NAMESPACES = {
    "image": {"resize": resize_images, "resize_images": resize_images,
              "resize_bilinear": resize_bilinear, "resize_bicubic": resize_bicubic,
              "resize_nearest_neighbor": resize_nearest_neighbor, "resize_area": resize_area,
              "resize_image_with_pad": resize_image_with_pad,
              "resize_image_with_crop_or_pad": resize_with_crop_or_pad,
              "extract_image_patches": extract_image_patches, "transpose_image": transpose},
    "": {"extract_image_patches": extract_image_patches},
}
