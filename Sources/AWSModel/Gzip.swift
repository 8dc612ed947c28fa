import CZlib
import Foundation

/// Decompresses gzip files (RFC 1952) with the system's zlib, as pip-installed botocore ships its
/// models (`service-2.json.gz`, `endpoint-rule-set-1.json.gz`). zlib rather than an inflate of our
/// own: it is on every platform Swift runs on, and decades of hostile input have hardened it.
enum Gzip {
    /// Whether the bytes start with gzip's magic number.
    static func isCompressed(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// The decompressed bytes of every member (a gzip file may hold several, concatenated),
    /// stopping with an error as soon as the output would exceed `limit` bytes, so a small
    /// file that inflates to gigabytes never gets that far. `file` names the file in errors.
    static func decompress(_ data: Data, limit: Int, file: String) throws -> Data {
        guard isCompressed(data) else {
            throw ModelError(file: file, path: "$", message: "not a gzip file (it does not start with gzip's magic bytes 1f 8b)")
        }
        var stream = z_stream()
        // 15 window bits + 16: a gzip header and trailer (with its CRC-32 and length check) around the deflate data.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ModelError(file: file, path: "$", message: "cannot start zlib to decompress the file")
        }
        defer { inflateEnd(&stream) }

        var output = Data()
        let chunkSize = 256 * 1024
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        return try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) -> Data in
            let base = input.bindMemory(to: Bytef.self).baseAddress
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = uInt(input.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(chunkSize)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunkSize - Int(stream.avail_out)
                if output.count + produced > limit {
                    throw ModelError(file: file, path: "$", message: "the file decompresses to more than the \(limit) bytes a model may have")
                }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    // Another member may follow; anything else after the trailer is not gzip.
                    if stream.avail_in == 0 { return output }
                    let rest = UnsafeRawBufferPointer(start: stream.next_in, count: Int(stream.avail_in))
                    guard rest.count >= 2, rest[0] == 0x1F, rest[1] == 0x8B else {
                        throw ModelError(file: file, path: "$", message: "\(rest.count) bytes of something other than gzip follow the compressed data")
                    }
                    guard inflateReset(&stream) == Z_OK else {
                        throw ModelError(file: file, path: "$", message: "cannot restart zlib for the next gzip member")
                    }
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw ModelError(file: file, path: "$", message: "the gzip data ends early: the file is truncated (\(data.count) bytes read, \(output.count) decompressed)")
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    throw ModelError(file: file, path: "$", message: "the gzip data is corrupt (\(reason)) after \(output.count) decompressed bytes")
                }
            }
        }
    }
}
