"""tf.image's resizing, on kiln's one `resize` op (src/ops/image_ops.cc):
TF 2's ``image.resize`` and ``image.resize_with_pad``, and TF1's
``compat.v1.image.resize`` (``resize_images``), ``resize_bilinear``,
``resize_nearest_neighbor``, ``resize_bicubic``, ``resize_area`` and
``resize_image_with_pad``.

As TF: images are (batch, height, width, channels) or one image (height, width,
channels); the result is float32 except with nearest neighbour, which keeps
the dtype. TF 2 samples at pixel centres (half_pixel_centers); antialiased
bilinear and bicubic become ScaleAndTranslate's triangle and Keys cubic
kernels, and lanczos3, lanczos5, gaussian and mitchellcubic are always those
kernels (antialias widens them when downsampling). TF1's ops take
align_corners and half_pixel_centers. The gradient with respect to the images
is the transposed resampling (area's too, though TF has none for it).
"""

import numpy as np

from . import dtypes
from ._convert import convert_to_tensor
from ._ops import execute, op
from ._shape_args import symbolic_arg
from ._static_value import get_static_value
from ._symbolic_tensor import SymbolicTensor


class ResizeMethod:
    """The names of tf.image.resize's methods (TF1's ResizeMethod has the same values)."""
    BILINEAR = "bilinear"
    NEAREST_NEIGHBOR = "nearest"
    BICUBIC = "bicubic"
    AREA = "area"
    LANCZOS3 = "lanczos3"
    LANCZOS5 = "lanczos5"
    GAUSSIAN = "gaussian"
    MITCHELLCUBIC = "mitchellcubic"


_SAMPLING = ("lanczos3", "lanczos5", "gaussian", "mitchellcubic")


def _kiln():
    import kiln
    return kiln


def resize(images, size, method=ResizeMethod.BILINEAR, preserve_aspect_ratio=False,
           antialias=False, name=None):
    """tf.image.resize: images (N, H, W, C) or (H, W, C) resized to size [height, width]."""
    def resize_fn(images4, new_size):
        m = method
        # (kernel, align_corners, half_pixel_centers, antialias)
        if m == "bilinear":
            spec = (("triangle", False, False, True) if antialias
                    else ("bilinear", False, True, False))
        elif m == "nearest":
            spec = ("nearest", False, True, False)
        elif m == "bicubic":
            spec = (("keyscubic", False, False, True) if antialias
                    else ("bicubic", False, True, False))
        elif m == "area":
            spec = ("area", False, False, False)
        elif m in _SAMPLING:
            spec = (m, False, False, bool(antialias))
        else:
            raise ValueError(f"Resize method is not implemented: {method}")
        return _resize_op(images4, new_size, *spec, name)
    return _resize_common(images, resize_fn, size, preserve_aspect_ratio, skip_if_same=False)


def resize_images(images, size, method=ResizeMethod.BILINEAR, align_corners=False,
                  preserve_aspect_ratio=False, name=None):
    """TF1's tf.compat.v1.image.resize: bilinear, nearest, bicubic or area with
    align_corners (corner pixels' centres aligned); images already of the size
    come back unchanged (their dtype too)."""
    def resize_fn(images4, new_size):
        if method not in ("bilinear", "nearest", "bicubic", "area"):
            raise ValueError(f"Resize method is not implemented: {method}")
        return _resize_op(images4, new_size, method, bool(align_corners), False, False, name)
    return _resize_common(images, resize_fn, size, preserve_aspect_ratio, skip_if_same=True)


def _v1_op(method):
    def resize_op(images, size, align_corners=False, name=None, half_pixel_centers=False):
        return _resize_op(convert_to_tensor(images), _size_arg(size), method, bool(align_corners),
                          bool(half_pixel_centers), False, name)
    resize_op.__name__ = f"resize_{method}"
    resize_op.__doc__ = (f"TF1's Resize{method.title()} op: images (N, H, W, C) resized to size "
                         f"[height, width] with align_corners or half_pixel_centers.")
    return resize_op


resize_bilinear = _v1_op("bilinear")
resize_bicubic = _v1_op("bicubic")
resize_nearest_neighbor = _v1_op("nearest")
resize_nearest_neighbor.__name__ = "resize_nearest_neighbor"


def resize_area(images, size, align_corners=False, name=None):
    """TF1's ResizeArea op: each output pixel averages the input area it covers."""
    return _resize_op(convert_to_tensor(images), _size_arg(size), "area", bool(align_corners),
                      False, False, name)


def resize_with_pad(image, target_height, target_width, method=ResizeMethod.BILINEAR,
                    antialias=False):
    """tf.image.resize_with_pad: resized to fit, keeping its aspect ratio, then
    padded with zeros to target_height x target_width."""
    return _resize_with_pad(image, target_height, target_width,
                            lambda im, s: resize(im, s, method, antialias=antialias))


def resize_image_with_pad(image, target_height, target_width, method=ResizeMethod.BILINEAR,
                          align_corners=False):
    """TF1's resize_image_with_pad (align_corners instead of antialias)."""
    return _resize_with_pad(image, target_height, target_width,
                            lambda im, s: resize_images(im, s, method, align_corners=align_corners))


# ---- shared parts ----

_RESIZE = op("resize")


def _resize_op(images, size, method, align_corners, half_pixel_centers, antialias, name):
    return execute(_RESIZE, (images,), (size, method, align_corners, half_pixel_centers, antialias),
                   name)


def _size_arg(size):
    """size as a tuple of two ints, or a symbolic int tensor of shape [2] read
    when the graph runs. TF's ValueErrors for what cannot be one."""
    packed = size if isinstance(size, SymbolicTensor) else symbolic_arg(size)
    if packed is not None:
        static = get_static_value(packed)
        if static is None:
            if not packed.dtype.is_integer:
                raise ValueError("'size' must be a 1-D int32 Tensor")
            if not packed.shape.is_compatible_with([2]):
                raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
            return packed
        size = static
    array = np.asarray(size)
    if array.dtype.kind not in "iu":
        raise ValueError("'size' must be a 1-D int32 Tensor")
    if array.shape != (2,):
        raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
    return tuple(int(v) for v in array)


def _as_batch(images, what="images"):
    """(images as 4-D, whether a batch was given); TF's errors for other ranks."""
    kiln = _kiln()
    images = convert_to_tensor(images)
    rank = images.shape.rank
    if rank is None:
        raise ValueError(f"'{what}' contains no shape.")
    if rank == 3:
        return kiln.expand_dims(images, 0), False
    if rank != 4:
        raise ValueError(f"'{what}' must have either 3 or 4 dimensions.")
    return images, True


def _resize_common(images, resize_fn, size, preserve_aspect_ratio, skip_if_same):
    kiln = _kiln()
    images, is_batch = _as_batch(images)
    _, height, width, _ = images.shape.as_list()
    size = _size_arg(size)
    if preserve_aspect_ratio:
        size = _aspect_preserving_size(images, size)
    if (skip_if_same and isinstance(size, tuple) and (height, width) == size):
        return images if is_batch else kiln.squeeze(images, axis=[0])
    resized = resize_fn(images, size)
    return resized if is_batch else kiln.squeeze(resized, axis=[0])


def _aspect_preserving_size(images, size):
    """The largest size within `size` of the images' aspect ratio (TF's float32 arithmetic)."""
    kiln = _kiln()
    _, height, width, _ = images.shape.as_list()
    if isinstance(size, tuple) and height is not None and width is not None:
        f = np.float32
        scale = min(f(size[0]) / f(height), f(size[1]) / f(width))
        return (int(np.round(scale * f(height))), int(np.round(scale * f(width))))
    dims = kiln.cast(kiln.shape(images)[1:3], dtypes.float32)
    target = kiln.cast(convert_to_tensor(size), dtypes.float32)
    scale = kiln.reduce_min(target / dims)
    return kiln.cast(kiln.round(scale * dims), dtypes.int32)


def _resize_with_pad(image, target_height, target_width, resize_fn):
    """TF's _resize_image_with_pad_common: the resize ratio from float32 sizes,
    floor of the scaled size, padding split with the extra pixel after."""
    from .image_ops import _image_dims, _check_at_least_3d, pad_to_bounding_box
    kiln = _kiln()
    image = convert_to_tensor(image)
    rank = image.shape.rank
    if rank not in (3, 4):
        raise ValueError(f"'image' (shape {image.shape}) must have either 3 or 4 dimensions.")
    is_batch = rank == 4
    if not is_batch:
        image = kiln.expand_dims(image, 0)
    _check_at_least_3d(image)
    for what, value in (("target_width", target_width), ("target_height", target_height)):
        if not isinstance(value, SymbolicTensor) and int(value) <= 0:
            raise ValueError(f"{what} must be > 0.")
    _, height, width, _ = _image_dims(image)
    static = all(not isinstance(v, SymbolicTensor)
                 for v in (height, width, target_height, target_width))
    if static:
        f = np.float32
        ratio = max(f(width) / f(target_width), f(height) / f(target_height))
        resized_h, resized_w = f(height) / ratio, f(width) / ratio
        new_size = (int(np.floor(resized_h)), int(np.floor(resized_w)))
        pad_h = max(0, int(np.floor((f(target_height) - resized_h) / f(2))))
        pad_w = max(0, int(np.floor((f(target_width) - resized_w) / f(2))))
    else:
        as_float = lambda v: kiln.cast(v, dtypes.float32)  # noqa: E731
        ratio = kiln.maximum(as_float(width) / as_float(target_width),
                             as_float(height) / as_float(target_height))
        resized_h, resized_w = as_float(height) / ratio, as_float(width) / ratio
        new_size = kiln.cast(kiln.floor(kiln.stack([resized_h, resized_w])), dtypes.int32)
        pad_h = kiln.maximum(0, kiln.cast(kiln.floor((as_float(target_height) - resized_h) / 2),
                                          dtypes.int32))
        pad_w = kiln.maximum(0, kiln.cast(kiln.floor((as_float(target_width) - resized_w) / 2),
                                          dtypes.int32))
    resized = resize_fn(image, new_size)
    padded = pad_to_bounding_box(resized, pad_h, pad_w, target_height, target_width)
    return padded if is_batch else kiln.squeeze(padded, axis=[0])
