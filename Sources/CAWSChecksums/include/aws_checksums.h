#ifndef AWS_CODEGEN_CHECKSUMS_H
#define AWS_CODEGEN_CHECKSUMS_H

#include <stddef.h>
#include <stdint.h>

/// CRC-32C (Castagnoli) of `length` bytes, continuing from `previous` (0 to start). Uses the CPU's
/// CRC32 instruction where the processor has it (x86-64 SSE 4.2, checked at run time; ARMv8 CRC),
/// a table otherwise.
uint32_t aws_codegen_crc32c(uint32_t previous, const uint8_t *bytes, size_t length);

/// CRC-64/NVME (the polynomial 0xAD93D23594C93659, reflected) of `length` bytes, continuing
/// from `previous` (0 to start). Folds 64 bytes at a time with carry-less multiplication where the
/// processor has it (x86-64 PCLMULQDQ, checked at run time), a table otherwise.
uint64_t aws_codegen_crc64nvme(uint64_t previous, const uint8_t *bytes, size_t length);

/// CRC-32C by table alone, whatever the processor: for the tests that check both paths agree.
uint32_t aws_codegen_crc32c_without_instruction(uint32_t previous, const uint8_t *bytes, size_t length);

/// CRC-64/NVME by table alone, whatever the processor: for the tests that check both paths agree.
uint64_t aws_codegen_crc64nvme_without_instruction(uint64_t previous, const uint8_t *bytes, size_t length);

#endif
