// A source that the layer test (check_layers.cmake) compiles with one
// layer's include root: it includes a header of that layer, then, when
// KILN_PROBE_HEADER is defined, the header of another layer that it names.
// Within its layer or below, both compile; across, the second is not found.
#include KILN_PROBE_OWN

#ifdef KILN_PROBE_HEADER
#include KILN_PROBE_HEADER
#endif

int main() { return 0; }
