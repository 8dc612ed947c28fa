// zlib, for gzip (botocore's .json.gz models) and CRC-32: the system's own, as every platform Swift runs on ships it.
#include <zlib.h>
