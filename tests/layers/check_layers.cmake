# The layer test (cmake -P): a header above a layer, or beside it, is a
# compile error from that layer's sources, and a header below it is not.
# Each case compiles probe.cc (-fsyntax-only) with the include root and
# flags of the layer's own target, as the build compiles its sources.
#
# -D CXX=<compiler> -D PROBE=<probe.cc> -D LAYERS=<build>/layers
# -D STD=<-std= flag>
cmake_minimum_required(VERSION 3.25)

set(failures 0)

# compile(<layer> <own header> [<other header>]): sets `ok` and `out`.
function(compile layer own)
  set(defs "-DKILN_PROBE_OWN=\"${own}\"")
  if(ARGC GREATER 2)
    list(APPEND defs "-DKILN_PROBE_HEADER=\"${ARGV2}\"")
  endif()
  execute_process(
    COMMAND ${CXX} ${STD} -fsyntax-only -I${LAYERS}/${layer} ${defs} ${PROBE}
    RESULT_VARIABLE rc OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
  if(rc EQUAL 0)
    set(ok TRUE PARENT_SCOPE)
  else()
    set(ok FALSE PARENT_SCOPE)
  endif()
  set(out "${stdout}${stderr}" PARENT_SCOPE)
endfunction()

# A crossing include must fail, and because the header is not found (not
# for some other error in the probe).
function(expect_refused layer own header)
  compile(${layer} ${own} ${header})
  string(REGEX REPLACE "([.+])" "\\\\\\1" pattern "${header}")
  if(ok OR NOT out MATCHES "${pattern}[:']? *(No such file|file not found)")
    message(SEND_ERROR "layer ${layer} may include ${header}, a header above or beside it:\n${out}")
    math(EXPR failures "${failures} + 1")
    set(failures ${failures} PARENT_SCOPE)
  else()
    message(STATUS "refused, as it should be: ${layer} -> ${header}")
  endif()
endfunction()

function(expect_allowed layer own)
  if(ARGC GREATER 2)
    compile(${layer} ${own} ${ARGV2})
  else()
    compile(${layer} ${own})
  endif()
  if(NOT ok)
    message(SEND_ERROR "layer ${layer} cannot compile ${own} ${ARGV2}:\n${out}")
    math(EXPR failures "${failures} + 1")
    set(failures ${failures} PARENT_SCOPE)
  else()
    message(STATUS "allowed: ${layer} -> ${own} ${ARGV2}")
  endif()
endfunction()

# The same sources with and without a crossing include: the control cases
# show that a refusal is the layer rule, not a broken probe.
expect_allowed(ops ops/registry.h)
expect_allowed(ops ops/registry.h kernels/cpu/cast.h)
expect_refused(ops ops/registry.h runtime/eager.h)
expect_refused(ops ops/registry.h graph/known_values.h)
expect_refused(ops ops/registry.h kiln/ops.h)
expect_refused(ops ops/registry.h kiln/session.h)
expect_allowed(kernels kernels/cpu/cast.h core/parallel.h)
expect_refused(kernels kernels/cpu/cast.h ops/op_def.h)
expect_refused(kernels kernels/cpu/cast.h io/npy_header.h)
expect_refused(base core/parallel.h kernels/cpu/cast.h)
expect_refused(base core/parallel.h kiln/graph.h)
expect_allowed(graph graph/known_values.h ops/registry.h)
expect_refused(graph graph/known_values.h runtime/plan.h)
expect_allowed(runtime runtime/eager.h graph/known_values.h)
expect_refused(runtime runtime/eager.h kiln/ops.h)
expect_allowed(api kiln/ops.h runtime/eager.h)
expect_refused(api kiln/ops.h data/element.h)
expect_allowed(data data/element.h io/npy_header.h)
expect_refused(data data/element.h runtime/eager.h)

if(failures GREATER 0)
  message(FATAL_ERROR "${failures} layer check(s) failed")
endif()
