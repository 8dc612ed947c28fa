@testable import AWSRuntime
import Testing

@Suite("CRC-32")
struct ChecksumTests {
    /// The definition, one bit at a time: what the table-driven code must agree with.
    static func bitwise(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    @Test("the check value of the CRC catalogue (\"123456789\" gives 0xCBF43926), and the empty input")
    func checkValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test("every length from 0 to 300 and every split point agree with the bitwise definition")
    func agreesWithDefinition() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = Self.bitwise(bytes)
            #expect(CRC32.checksum(bytes) == expected, "length \(length)")
            let split = length == 0 ? 0 : Int.random(in: 0...length, using: &generator)
            let continued = CRC32.checksum(bytes[split...], continuing: CRC32.checksum(bytes[..<split]))
            #expect(continued == expected, "length \(length) split at \(split)")
        }
    }
}
