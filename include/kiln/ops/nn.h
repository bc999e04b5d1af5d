// Neural-network ops (TF's tf.nn and tf.image names): convolution, pooling,
// normalization, image resizing. Convolutions, batch normalization and LRN
// run on oneDNN; pooling and resizing on kiln's own loops (docs/nn.md).
#pragma once

#include "kiln/ops/nn_conv.h"
#include "kiln/ops/nn_norm.h"
#include "kiln/ops/nn_pool.h"
#include "kiln/ops/image.h"
