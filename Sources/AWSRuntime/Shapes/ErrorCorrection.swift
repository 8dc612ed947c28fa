import Foundation
import Logging

/// Smithy's client error correction: AWS services do omit members that their model marks
/// required, and a client must not fail a whole call for it. A missing required member of a
/// response gets the zero value of its type (false, 0, "", empty blob, list or map, the epoch,
/// a structure whose own members are corrected the same way); the correction is logged at debug
/// level under the label `aws.decoding`. A union has no zero value, so a missing required union
/// is still an error.
enum ErrorCorrection {
    static let logger = Logger(label: "aws.decoding")

    /// The zero value of `T`, or nil when `T` has none (a union).
    static func zeroValue<T: AWSShape>(_ type: T.Type, path: @autoclosure () -> ValuePath) -> T? {
        let json = (T.self as? any AWSZeroValueJSON.Type)?.zeroValueJSON ?? .object([:])
        guard let value = try? T(reader: ShapeReader(value: json, path: path())) else { return nil }
        logger.debug("a required member is missing from the response; using its zero value", metadata: ["path": "\(path())"])
        return value
    }
}

/// The JSON form of a wire type's zero value (`.object([:])`, a structure's, is the default).
protocol AWSZeroValueJSON {
    static var zeroValueJSON: JSONValue { get }
}

extension String: AWSZeroValueJSON { static var zeroValueJSON: JSONValue { .string("") } }
extension Bool: AWSZeroValueJSON { static var zeroValueJSON: JSONValue { .bool(false) } }
extension Int: AWSZeroValueJSON { static var zeroValueJSON: JSONValue { .integer(0) } }
extension Int64: AWSZeroValueJSON { static var zeroValueJSON: JSONValue { .integer(0) } }
extension Double: AWSZeroValueJSON { static var zeroValueJSON: JSONValue { .integer(0) } }
extension Float: AWSZeroValueJSON { static var zeroValueJSON: JSONValue { .integer(0) } }
extension Date: AWSZeroValueJSON { static var zeroValueJSON: JSONValue { .integer(0) } }
extension Data: AWSZeroValueJSON { static var zeroValueJSON: JSONValue { .string("") } }
extension JSONValue: AWSZeroValueJSON { static var zeroValueJSON: JSONValue { .null } }
extension Array: AWSZeroValueJSON { static var zeroValueJSON: JSONValue { .array([]) } }
extension Dictionary: AWSZeroValueJSON { static var zeroValueJSON: JSONValue { .object([:]) } }
extension AWSStringEnum: AWSZeroValueJSON { static var zeroValueJSON: JSONValue { .string("") } }
