// The CRCs of S3's flexible checksums that neither zlib nor swift-crypto provide. In C rather than
// Swift because Swift cannot reach the processor's CRC32 instruction; the table-driven fallbacks sit
// beside them so both paths share one test. Our own code: no AWS C runtime.
#include "aws_checksums.h"

#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

// Slicing-by-8 tables, built once (the polynomials reflected, as both CRCs are).
static uint32_t crc32c_table[8][256];
static uint64_t crc64_table[8][256];

static void build_tables(void) {
    for (uint32_t index = 0; index < 256; index++) {
        uint32_t crc32 = index;
        uint64_t crc64 = index;
        for (int bit = 0; bit < 8; bit++) {
            crc32 = (crc32 >> 1) ^ (0x82F63B78u & (0u - (crc32 & 1u)));
            crc64 = (crc64 >> 1) ^ (0x9A6C9329AC4BC9B5ull & (0ull - (crc64 & 1ull)));
        }
        crc32c_table[0][index] = crc32;
        crc64_table[0][index] = crc64;
    }
    for (uint32_t index = 0; index < 256; index++) {
        for (int slice = 1; slice < 8; slice++) {
            crc32c_table[slice][index] = (crc32c_table[slice - 1][index] >> 8) ^ crc32c_table[0][crc32c_table[slice - 1][index] & 0xFF];
            crc64_table[slice][index] = (crc64_table[slice - 1][index] >> 8) ^ crc64_table[0][crc64_table[slice - 1][index] & 0xFF];
        }
    }
}

static int use_instruction = 0;
static int use_pclmul = 0;
static int has_crc32c_instruction(void);
static int has_pclmul_instruction(void);

// Tables and the CPU checks run once, when the library loads, so no call races to make them.
__attribute__((constructor))
static void initialize(void) {
    build_tables();
    use_instruction = has_crc32c_instruction();
    use_pclmul = has_pclmul_instruction();
}

static inline uint64_t load_le64(const uint8_t *bytes) {
    uint64_t value;
    memcpy(&value, bytes, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    value = __builtin_bswap64(value);
#endif
    return value;
}

static uint32_t crc32c_table_driven(uint32_t crc, const uint8_t *bytes, size_t length) {
    while (length >= 8) {
        uint64_t word = load_le64(bytes) ^ crc;
        crc = crc32c_table[7][word & 0xFF] ^ crc32c_table[6][(word >> 8) & 0xFF] ^ crc32c_table[5][(word >> 16) & 0xFF]
            ^ crc32c_table[4][(word >> 24) & 0xFF] ^ crc32c_table[3][(word >> 32) & 0xFF] ^ crc32c_table[2][(word >> 40) & 0xFF]
            ^ crc32c_table[1][(word >> 48) & 0xFF] ^ crc32c_table[0][word >> 56];
        bytes += 8;
        length -= 8;
    }
    while (length--) crc = (crc >> 8) ^ crc32c_table[0][(crc ^ *bytes++) & 0xFF];
    return crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2")))
static uint32_t crc32c_instruction(uint32_t crc, const uint8_t *bytes, size_t length) {
    uint64_t wide = crc;
    // One dependent chain: 8 bytes per instruction latency (3 cycles). Three interleaved chains
    // combined with carry-less multiplication would triple it; not done yet.
    while (length >= 8) {
        wide = __builtin_ia32_crc32di(wide, load_le64(bytes));
        bytes += 8;
        length -= 8;
    }
    uint32_t narrow = (uint32_t)wide;
    while (length--) narrow = __builtin_ia32_crc32qi(narrow, *bytes++);
    return narrow;
}

static int has_crc32c_instruction(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    return (ecx & bit_SSE4_2) != 0;
}
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
#include <arm_acle.h>
static uint32_t crc32c_instruction(uint32_t crc, const uint8_t *bytes, size_t length) {
    while (length >= 8) {
        crc = __crc32cd(crc, load_le64(bytes));
        bytes += 8;
        length -= 8;
    }
    while (length--) crc = __crc32cb(crc, *bytes++);
    return crc;
}
static int has_crc32c_instruction(void) { return 1; }
#else
static int has_crc32c_instruction(void) { return 0; }
#endif

uint32_t aws_codegen_crc32c(uint32_t previous, const uint8_t *bytes, size_t length) {
    uint32_t crc = ~previous;
#if defined(__x86_64__) || (defined(__aarch64__) && defined(__ARM_FEATURE_CRC32))
    crc = use_instruction ? crc32c_instruction(crc, bytes, length) : crc32c_table_driven(crc, bytes, length);
#else
    crc = crc32c_table_driven(crc, bytes, length);
#endif
    return ~crc;
}

static uint64_t crc64_table_driven(uint64_t crc, const uint8_t *bytes, size_t length) {
    while (length >= 8) {
        uint64_t word = load_le64(bytes) ^ crc;
        crc = crc64_table[7][word & 0xFF] ^ crc64_table[6][(word >> 8) & 0xFF] ^ crc64_table[5][(word >> 16) & 0xFF]
            ^ crc64_table[4][(word >> 24) & 0xFF] ^ crc64_table[3][(word >> 32) & 0xFF] ^ crc64_table[2][(word >> 40) & 0xFF]
            ^ crc64_table[1][(word >> 48) & 0xFF] ^ crc64_table[0][word >> 56];
        bytes += 8;
        length -= 8;
    }
    while (length--) crc = (crc >> 8) ^ crc64_table[0][(crc ^ *bytes++) & 0xFF];
    return crc;
}

#if defined(__x86_64__)
#include <immintrin.h>

// Folding with carry-less multiplication (Intel's "Fast CRC Computation for Generic Polynomials
// Using PCLMULQDQ"), for the reflected CRC-64/NVME: a 128-bit block X = X_lo·x^64 + X_hi moved
// d bits further along is X_lo·(x^(d+63) mod P) + X_hi·(x^(d-1) mod P), one bit short of x^(d+64)
// and x^d because the product of two reflected 64-bit values comes out shifted by one. The
// constants are those powers of x modulo P, bit-reflected (derived with a Python model of this
// very loop, checked against the bitwise definition).
static const uint64_t crc64_fold512_lo = 0x0c32cdb31e18a84aULL;  // x^575 mod P
static const uint64_t crc64_fold512_hi = 0x62242240ace5045aULL;  // x^511 mod P
static const uint64_t crc64_fold128_lo = 0xeadc41fd2ba3d420ULL;  // x^191 mod P
static const uint64_t crc64_fold128_hi = 0x21e9761e252621acULL;  // x^127 mod P

__attribute__((target("pclmul,sse4.1")))
static inline __m128i crc64_fold(__m128i x, __m128i constants, __m128i data) {
    return _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x, constants, 0x00), _mm_clmulepi64_si128(x, constants, 0x11)), data);
}

// Four independent 16-byte lanes, 64 bytes per round, folded into one at the end; the last 16
// bytes of state and the tail (under 16 bytes) go through the table. `length` is at least 64.
__attribute__((target("pclmul,sse4.1")))
static uint64_t crc64_pclmul(uint64_t crc, const uint8_t *bytes, size_t length) {
    const __m128i fold512 = _mm_set_epi64x((long long)crc64_fold512_hi, (long long)crc64_fold512_lo);
    const __m128i fold128 = _mm_set_epi64x((long long)crc64_fold128_hi, (long long)crc64_fold128_lo);
    __m128i x0 = _mm_xor_si128(_mm_loadu_si128((const __m128i *)bytes), _mm_set_epi64x(0, (long long)crc));
    __m128i x1 = _mm_loadu_si128((const __m128i *)(bytes + 16));
    __m128i x2 = _mm_loadu_si128((const __m128i *)(bytes + 32));
    __m128i x3 = _mm_loadu_si128((const __m128i *)(bytes + 48));
    bytes += 64;
    length -= 64;
    while (length >= 64) {
        x0 = crc64_fold(x0, fold512, _mm_loadu_si128((const __m128i *)bytes));
        x1 = crc64_fold(x1, fold512, _mm_loadu_si128((const __m128i *)(bytes + 16)));
        x2 = crc64_fold(x2, fold512, _mm_loadu_si128((const __m128i *)(bytes + 32)));
        x3 = crc64_fold(x3, fold512, _mm_loadu_si128((const __m128i *)(bytes + 48)));
        bytes += 64;
        length -= 64;
    }
    __m128i x = crc64_fold(x0, fold128, x1);
    x = crc64_fold(x, fold128, x2);
    x = crc64_fold(x, fold128, x3);
    while (length >= 16) {
        x = crc64_fold(x, fold128, _mm_loadu_si128((const __m128i *)bytes));
        bytes += 16;
        length -= 16;
    }
    uint8_t state[16];
    _mm_storeu_si128((__m128i *)state, x);
    return crc64_table_driven(crc64_table_driven(0, state, 16), bytes, length);
}

static int has_pclmul_instruction(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    return (ecx & bit_PCLMUL) != 0 && (ecx & bit_SSE4_1) != 0;
}
#else
static int has_pclmul_instruction(void) { return 0; }
#endif

uint64_t aws_codegen_crc64nvme(uint64_t previous, const uint8_t *bytes, size_t length) {
    uint64_t crc = ~previous;
#if defined(__x86_64__)
    if (use_pclmul && length >= 64) return ~crc64_pclmul(crc, bytes, length);
#endif
    return ~crc64_table_driven(crc, bytes, length);
}

uint64_t aws_codegen_crc64nvme_without_instruction(uint64_t previous, const uint8_t *bytes, size_t length) {
    return ~crc64_table_driven(~previous, bytes, length);
}

uint32_t aws_codegen_crc32c_without_instruction(uint32_t previous, const uint8_t *bytes, size_t length) {
    return ~crc32c_table_driven(~previous, bytes, length);
}
