"""tf.image.extract_patches (TF1's extract_image_patches): every
sizes[1] x sizes[2] patch of the images, sampled every `rates` pixels and
taken every `strides` pixels, flattened into the depth axis in (row, column,
channel) order, as TF's ExtractImagePatches.

Composed from kiln's ops so that values are exact copies and gradients come
for free: the images are zero-padded (SAME), flattened to (batch, H * W,
channels), and the patches' pixels gathered with indices computed here. The
spatial dimensions must be known when the op is built (the indices depend on
them); batch and channels may be unknown.
"""

import numpy as np

from ._convert import convert_to_tensor


def _kiln():
    import kiln
    return kiln


def _invalid(message):
    kiln = _kiln()
    return kiln.errors.InvalidArgumentError(None, None, message)


def _four(values, what):
    """The two spatial entries of a 4-element ksizes / strides / rates list."""
    kiln = _kiln()
    values = [int(v) for v in values]
    if len(values) < 4:
        raise _invalid(f"Length for attr '{what}' of {len(values)} must be at least minimum 4")
    if len(values) != 4 or values[0] != 1 or values[3] != 1:
        raise kiln.errors.UnimplementedError(
            None, None, f"Only support {what} across space: {what} must be [1, rows, cols, 1], "
            f"got {values}.")
    if values[1] < 1 or values[2] < 1:
        raise kiln.errors.OutOfRangeError(
            None, None, f"{what} is out of range: its spatial entries must be >= 1, got {values}.")
    return values[1], values[2]


def _windows(size, k, stride, rate, padding):
    """(output length, padding before, padding after) along one axis (TF's rules)."""
    effective = k + (k - 1) * (rate - 1)
    if padding == "VALID":
        out = (size - effective + stride) // stride
        if out < 0:
            raise _invalid(f"Computed output size would be negative: {out} [input_size: {size}, "
                           f"effective_filter_size: {effective}, stride: {stride}]")
        return out, 0, 0
    out = (size + stride - 1) // stride
    needed = max((out - 1) * stride + effective - size, 0)
    return out, needed // 2, needed - needed // 2


def extract_patches(images, sizes, strides, rates, padding, name=None):
    """Patches of images (batch, rows, cols, depth): (batch, out_rows, out_cols,
    sizes[1] * sizes[2] * depth); padding "VALID" or "SAME" (zeros)."""
    kiln = _kiln()
    images = convert_to_tensor(images)
    k = _four(sizes, "ksizes")
    s = _four(strides, "strides")
    r = _four(rates, "rates")
    if padding not in ("SAME", "VALID"):
        raise _invalid(f'Value for attr \'padding\' of "{padding}" is not in the list of allowed '
                       f'values: "SAME", "VALID"')
    shape = images.shape
    if shape.rank != 4:
        if shape.rank is None:
            raise ValueError("extract_patches needs images of known rank 4 in kiln.")
        raise _invalid(f"input must be 4-dimensional{list(shape.as_list())}")
    _, height, width, _ = shape.as_list()
    if height is None or width is None:
        raise ValueError(f"extract_patches needs the images' height and width known when the "
                         f"graph is built (kiln computes the patch indices then); got shape "
                         f"{shape}.")
    out_h, top, bottom = _windows(height, k[0], s[0], r[0], padding)
    out_w, left, right = _windows(width, k[1], s[1], r[1], padding)
    padded = kiln.pad(images, [[0, 0], [top, bottom], [left, right], [0, 0]])
    padded_w = width + left + right
    # Row-major flat index into the padded image of each (out_row, out_col, k_row, k_col).
    rows = np.arange(out_h)[:, None, None, None] * s[0] + np.arange(k[0])[None, None, :, None] * r[0]
    cols = np.arange(out_w)[None, :, None, None] * s[1] + np.arange(k[1])[None, None, None, :] * r[1]
    index = (rows * padded_w + cols).reshape(-1).astype(np.int64)
    # Batch and depth: ints, or scalars read when the graph runs.
    dims = kiln.shape(padded)
    batch = shape[0] if shape[0] is not None else dims[0]
    depth = shape[3] if shape[3] is not None else dims[3]
    flat = kiln.reshape(padded, [batch, (height + top + bottom) * padded_w, depth])
    picked = kiln.gather(flat, index, axis=1)
    return kiln.reshape(picked, [batch, out_h, out_w, k[0] * k[1] * depth])


def extract_image_patches(images, ksizes=None, strides=None, rates=None, padding=None, name=None,
                          sizes=None):
    """TF1's name of extract_patches (ksizes, or sizes)."""
    if ksizes is None:
        ksizes = sizes
    return extract_patches(images, ksizes, strides, rates, padding, name)
