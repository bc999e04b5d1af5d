// The umbrella header: everything a C++ user of kiln needs.
#pragma once

#include "kiln/array.h"
#include "kiln/buffer.h"
#include "kiln/cast.h"
#include "kiln/dtype.h"
#include "kiln/error.h"
#include "kiln/function.h"
#include "kiln/gradient_tape.h"
#include "kiln/gradients.h"
#include "kiln/graph.h"
#include "kiln/npy.h"
#include "kiln/session.h"
#include "kiln/ops.h"
#include "kiln/run_options.h"
#include "kiln/shape.h"
#include "kiln/tensor.h"
#include "kiln/variable.h"
