/// CRC-32 (IEEE 802.3, the polynomial zlib and AWS event streams use).
///
/// Written here because no package available to this one provides it (swift-crypto has none), and
/// linking zlib through a system-library target for one function would add a C dependency to every
/// build; the table-driven algorithm is a few lines. Four bytes at a time ("slicing by 4").
enum CRC32 {
    private static let tables: [[UInt32]] = {
        var tables = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 4)
        for index in 0..<256 {
            var crc = UInt32(index)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            tables[0][index] = crc
        }
        for index in 0..<256 {
            for slice in 1..<4 {
                let previous = tables[slice - 1][index]
                tables[slice][index] = (previous >> 8) ^ tables[0][Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    /// The CRC of `bytes`, continuing from `initial` (the CRC of what came before them, or 0).
    static func checksum(_ bytes: UnsafeBufferPointer<UInt8>, continuing initial: UInt32 = 0) -> UInt32 {
        var crc = ~initial
        var index = 0
        let count = bytes.count
        tables[0].withUnsafeBufferPointer { t0 in
            tables[1].withUnsafeBufferPointer { t1 in
                tables[2].withUnsafeBufferPointer { t2 in
                    tables[3].withUnsafeBufferPointer { t3 in
                        while index + 4 <= count {
                            crc ^= UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
                            crc = t3[Int(crc & 0xFF)] ^ t2[Int((crc >> 8) & 0xFF)] ^ t1[Int((crc >> 16) & 0xFF)] ^ t0[Int(crc >> 24)]
                            index += 4
                        }
                        while index < count {
                            crc = (crc >> 8) ^ t0[Int((crc ^ UInt32(bytes[index])) & 0xFF)]
                            index += 1
                        }
                    }
                }
            }
        }
        return ~crc
    }

    static func checksum(_ bytes: some Collection<UInt8>, continuing initial: UInt32 = 0) -> UInt32 {
        if let result = bytes.withContiguousStorageIfAvailable({ checksum($0, continuing: initial) }) { return result }
        return Array(bytes).withUnsafeBufferPointer { checksum($0, continuing: initial) }
    }
}
