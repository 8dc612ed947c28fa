import AWSRuntime
import Foundation
import IntegrationS3

/// The transfer manager's side of scripts/benchmark-transfer.sh: uploads a file with
/// `S3Client.transfer()` and downloads it again, with the defaults (8 MiB parts, 10 at a time), and
/// prints the throughput of each and the process's peak resident memory.
enum TransferBenchmark {
    static func run(_ arguments: [String]) async throws {
        guard arguments.count == 3, let endpoint = URL(string: arguments[0]) else {
            print("usage: aws-benchmarks transfer ENDPOINT FILE BUCKET")
            exit(2)
        }
        let file = URL(fileURLWithPath: arguments[1])
        let bucket = arguments[2]
        let s3 = S3Client(configuration: AWSClientConfiguration(
            region: "us-east-1", endpoint: endpoint,
            credentialProvider: StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing"),
            validatesPatterns: false
        ))
        _ = try? await s3.createBucket(bucket: bucket)
        let size = try AWSByteStream(fileAt: file).length ?? 0
        let transfer = s3.transfer()
        let clock = ContinuousClock()
        var start = clock.now
        try await transfer.upload(file: file, bucket: bucket, key: "swift.bin")
        let upload = seconds(clock.now - start)
        let copy = file.appendingPathExtension("swift")
        start = clock.now
        try await transfer.download(bucket: bucket, key: "swift.bin", to: copy)
        let download = seconds(clock.now - start)
        try? FileManager.default.removeItem(at: copy)
        print("RESULT side=swift upload_mb_per_second=\(Int(Double(size) / upload / 1e6)) download_mb_per_second=\(Int(Double(size) / download / 1e6)) peak_rss_mb=\(peakResidentMegabytes())")
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// VmHWM: the most resident memory the process has had (Linux).
    static func peakResidentMegabytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }
}
