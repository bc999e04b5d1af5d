// Neural-network ops (TF's tf.nn and tf.image names): convolution, pooling,
// normalization, image resizing. Kernels on oneDNN (src/kernels/cpu/dnnl*).
#pragma once

#include "kiln/ops/nn_conv.h"
#include "kiln/ops/nn_norm.h"
#include "kiln/ops/nn_pool.h"
#include "kiln/ops/image.h"
