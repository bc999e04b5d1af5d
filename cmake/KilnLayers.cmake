# kiln's layers, as the build enforces them.
#
# Every layer is a static library built from its folders under src/. What
# makes an include that crosses a layer a compile error, not a convention:
# a layer's sources get no -I src/ and no -I include/. Their only include
# root is a folder generated in the build tree, build/layers/<layer>/, that
# holds symlinks to the layer's own folders and those of the layers below it
# (core -> src/core, ops -> src/ops, ...), and a kiln/ folder with the public
# headers of those layers alone. So in src/ops, #include "runtime/eager.h" or
# #include "kiln/session.h" is "No such file", as is any header of a layer
# above or beside. tests/layers proves it.
#
# kiln_add_layer(<name> DIRS <folders under src/> [DEPS <lower layers>]
#                [HEADERS <public headers it defines, under include/kiln/>]
#                [LIBS <third-party targets, PRIVATE>])
# The layer's target is kiln_<name>; it links its DEPS PRIVATE (static
# libraries keep them as link dependencies for whoever links the layer).

set_property(GLOBAL PROPERTY KILN_LAYERS "")

function(kiln_add_layer name)
  cmake_parse_arguments(PARSE_ARGV 1 L "" "" "DIRS;DEPS;HEADERS;LIBS")
  set(target kiln_${name})

  set(sources)
  foreach(dir IN LISTS L_DIRS)
    file(GLOB found CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${dir}/*.cc)
    list(APPEND sources ${found})
  endforeach()
  add_library(${target} STATIC ${sources})

  # What the layer may include: its own, and all that its lower layers may.
  set(dirs ${L_DIRS})
  set(headers ${L_HEADERS})
  foreach(dep IN LISTS L_DEPS)
    get_property(dep_dirs GLOBAL PROPERTY KILN_LAYER_${dep}_DIRS)
    get_property(dep_headers GLOBAL PROPERTY KILN_LAYER_${dep}_HEADERS)
    list(APPEND dirs ${dep_dirs})
    list(APPEND headers ${dep_headers})
  endforeach()
  list(REMOVE_DUPLICATES dirs)
  list(REMOVE_DUPLICATES headers)
  set_property(GLOBAL PROPERTY KILN_LAYER_${name}_DIRS ${dirs})
  set_property(GLOBAL PROPERTY KILN_LAYER_${name}_HEADERS ${headers})

  set(root ${CMAKE_BINARY_DIR}/layers/${name})
  file(REMOVE_RECURSE ${root})
  file(MAKE_DIRECTORY ${root}/kiln)
  foreach(dir IN LISTS dirs)
    get_filename_component(parent ${root}/${dir} DIRECTORY)  # kernels/cpu: make kernels/
    file(MAKE_DIRECTORY ${parent})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${dir} ${root}/${dir} SYMBOLIC)
  endforeach()
  foreach(header IN LISTS headers)
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/include/kiln/${header} ${root}/kiln/${header} SYMBOLIC)
  endforeach()

  target_include_directories(${target} PRIVATE ${root})
  target_compile_options(${target} PRIVATE ${KILN_WARNINGS})
  foreach(dep IN LISTS L_DEPS)
    target_link_libraries(${target} PRIVATE kiln_${dep})
  endforeach()
  if(L_LIBS)
    target_link_libraries(${target} PRIVATE ${L_LIBS})
  endif()
  set_property(GLOBAL APPEND PROPERTY KILN_LAYERS ${name})
endfunction()
