// zlib, for CRC-32 (and, later, gzip): the system's own, as every platform Swift runs on ships it.
#include <zlib.h>
