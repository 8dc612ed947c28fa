import AWSCodegen
import Foundation

/// Reads botocore's suite files with Foundation and keeps integers, doubles and booleans apart
/// (Foundation's numbers say which they are by their C type).
enum SuiteValue {
    static func parse(_ data: Data, path: String) throws -> Any {
        do { return try JSONSerialization.jsonObject(with: data) } catch {
            throw ToolError("\(path): not valid JSON: \(error.localizedDescription)")
        }
    }

    static func literal(_ value: Any) throws -> LiteralValue {
        switch value {
        case is NSNull: return .null
        case let text as String: return .string(text)
        case let number as NSNumber:
            switch String(cString: number.objCType) {
            case "c", "B": return .bool(number.boolValue)
            case "d", "f": return .double(number.doubleValue)
            default: return .integer(number.int64Value)
            }
        case let items as [Any]: return .array(try items.map(literal))
        case let fields as [String: Any]: return .object(try fields.mapValues(literal))
        default: throw ToolError("unsupported JSON value \(value)")
        }
    }
}

struct ToolError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
