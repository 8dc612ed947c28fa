import AWSRuntime
import Foundation

/// Checksum throughput: each algorithm over the same 1 MiB buffer, fed whole, repeated to `MiB`
/// mebibytes; prints one `RESULT` line per algorithm in MB/s. Run by scripts/benchmark-checksums.sh
/// beside awscrt's (botocore[crt]) in one run.
enum ChecksumBenchmark {
    static func run(_ arguments: [String]) {
        let mebibytes = Int(arguments.first ?? "") ?? 1024
        var generator = SystemRandomNumberGenerator()
        var words = [UInt64](repeating: 0, count: (1 << 20) / 8)
        for index in words.indices { words[index] = generator.next() }
        let buffer = words.withUnsafeBytes { Array($0) }
        for algorithm in AWSChecksumAlgorithm.allCases {
            var checksum = AWSChecksum(algorithm)
            checksum.update(buffer)  // warm-up
            checksum = AWSChecksum(algorithm)
            let start = ContinuousClock.now
            buffer.withUnsafeBytes { bytes in
                for _ in 0..<mebibytes { checksum.update(bytes) }
            }
            let digest = checksum.base64Digest()
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let rate = Double(mebibytes << 20) / seconds / 1e6
            print("RESULT algorithm=\(algorithm.rawValue.lowercased()) megabytes_per_second=\(Int(rate)) digest=\(digest)")
        }
    }
}
