import Foundation

/// An AWS partition (`aws`, `aws-cn`, `aws-us-gov`, ...): its regions and the DNS suffixes of its
/// endpoints, from botocore's `partitions.json` (embedded, see `scripts/update-partitions.sh`).
public struct AWSPartition: Sendable, Hashable {
    public var name: String
    public var dnsSuffix: String
    public var dualStackDNSSuffix: String
    /// The region that global endpoints of the partition sign for.
    public var implicitGlobalRegion: String
    public var supportsFIPS: Bool
    public var supportsDualStack: Bool
    /// The pattern of region names in the partition, for regions newer than `regions`.
    public var regionPattern: String
    public var regions: Set<String>

    /// Every partition in the order they are matched; the first is the default (`aws`).
    public static let all: [AWSPartition] = parsePartitions()

    public static var aws: AWSPartition { all[0] }

    /// The partition of a region: the one that lists it, else the first whose pattern matches,
    /// else `aws` (as the endpoint rules expect).
    public static func of(region: String) -> AWSPartition {
        for (index, partition) in all.enumerated() {
            if partition.regions.contains(region) || patterns[index].matches(region) { return partition }
        }
        return aws
    }

    /// The `aws.partition` result of the rules engine.
    var ruleValue: RuleValue {
        .record([
            "name": .string(name), "dnsSuffix": .string(dnsSuffix), "dualStackDnsSuffix": .string(dualStackDNSSuffix),
            "implicitGlobalRegion": .string(implicitGlobalRegion), "supportsFIPS": .bool(supportsFIPS),
            "supportsDualStack": .bool(supportsDualStack),
        ])
    }

    private static let patterns: [RegionPattern] = all.map { RegionPattern($0.regionPattern) }

    private static func parsePartitions() -> [AWSPartition] {
        // The embedded data is generated and checked by tests; failing here is a build defect.
        guard case .array(let entries)? = try? JSONParser.parse(Array(partitionsJSON.utf8))["partitions"] else {
            fatalError("the embedded partitions data is not valid JSON")
        }
        return entries.map { entry in
            let outputs = entry["outputs"] ?? .object([:])
            var regions: Set<String> = []
            if case .object(let listed)? = entry["regions"] { regions = Set(listed.keys) }
            return AWSPartition(
                name: entry["id"]?.stringValue ?? "aws",
                dnsSuffix: outputs["dnsSuffix"]?.stringValue ?? "amazonaws.com",
                dualStackDNSSuffix: outputs["dualStackDnsSuffix"]?.stringValue ?? "api.aws",
                implicitGlobalRegion: outputs["implicitGlobalRegion"]?.stringValue ?? "us-east-1",
                supportsFIPS: outputs["supportsFIPS"] != .bool(false),
                supportsDualStack: outputs["supportsDualStack"] != .bool(false),
                regionPattern: entry["regionRegex"]?.stringValue ?? "",
                regions: regions
            )
        }
    }
}

/// The region patterns of `partitions.json` (`^(us|eu|ap)\-\w+\-\d+$`), matched with
/// Foundation's regular expressions (anchored, so `firstMatch` over the whole string decides).
struct RegionPattern: @unchecked Sendable {
    // NSRegularExpression is immutable and documented thread-safe for matching.
    private let expression: NSRegularExpression?

    init(_ pattern: String) {
        expression = try? NSRegularExpression(pattern: pattern)
    }

    func matches(_ text: String) -> Bool {
        guard let expression else { return false }
        let range = NSRange(text.startIndex..., in: text)
        return expression.firstMatch(in: text, range: range) != nil
    }
}
