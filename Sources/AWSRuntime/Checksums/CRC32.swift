import CZlib

/// CRC-32 (IEEE 802.3, the polynomial zlib and AWS event streams use), computed by the system's
/// zlib: its braided implementation ran at twice the speed of an eight-table Swift loop here
/// (2.2 GB/s against 1.1 GB/s), and CRC-32 was a third of decoding an event stream. No Swift
/// package available to this one provides it (swift-crypto has none).
enum CRC32 {
    /// The CRC of `bytes`, continuing from `initial` (the CRC of what came before them, or 0).
    static func checksum(_ bytes: UnsafeBufferPointer<UInt8>, continuing initial: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return initial }
        return UInt32(truncatingIfNeeded: crc32_z(uLong(initial), base, bytes.count))
    }

    static func checksum(_ bytes: some Collection<UInt8>, continuing initial: UInt32 = 0) -> UInt32 {
        if let result = bytes.withContiguousStorageIfAvailable({ checksum($0, continuing: initial) }) { return result }
        return Array(bytes).withUnsafeBufferPointer { checksum($0, continuing: initial) }
    }
}
