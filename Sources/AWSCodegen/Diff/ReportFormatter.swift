import Foundation

/// Renders an `APIChangeReport` as text (the default), Markdown, or JSON.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, markdown, json
}

extension APIChangeReport {
    public func rendered(as format: ReportFormat) -> String {
        switch format {
        case .text: textReport()
        case .markdown: markdownReport()
        case .json: jsonReport()
        }
    }

    var summaryLine: String {
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        return "\(count(updated.count, "updated API method")), \(count(added.count, "new API method")), "
            + "\(count(removed.count, "removed API method")); \(count(documentationOnly.count, "documentation-only update"))"
    }

    var versionLine: String {
        oldAPIVersion == newAPIVersion ? "\(serviceName) \(newAPIVersion)" : "\(serviceName) \(oldAPIVersion) → \(newAPIVersion)"
    }

    func textReport() -> String {
        var lines = ["\(versionLine): \(summaryLine)", "Swift API: \(classification?.rawValue ?? "no change")"]
        for operation in operations {
            lines.append("")
            lines.append("\(operation.name) (\(operation.kind.rawValue)) [\(operation.classification.rawValue)]")
            for direction in ["request", "response"] {
                if let syntax = operation.syntax[direction], operation.kind == .updated {
                    lines.append("Changes (\(direction))")
                    lines.append(syntax.pythonLiteral())
                }
            }
            for change in operation.changes {
                lines.append("  - \(change.detail) [\(change.classification.rawValue)]")
            }
        }
        for change in serviceChanges { lines.append("  - \(change.detail) [\(change.classification.rawValue)]") }
        return lines.joined(separator: "\n") + "\n"
    }

    func markdownReport() -> String {
        var lines = ["## \(versionLine)", "", "\(summaryLine). Swift API: **\(classification?.rawValue ?? "no change")**."]
        for operation in operations {
            lines.append("")
            lines.append("### \(operation.name) (\(operation.kind.rawValue), \(operation.classification.rawValue))")
            for direction in ["request", "response"] {
                if let syntax = operation.syntax[direction], operation.kind == .updated {
                    lines.append("")
                    lines.append("Changes (\(direction)):")
                    lines.append("")
                    lines.append("```python")
                    lines.append(syntax.pythonLiteral())
                    lines.append("```")
                }
            }
            lines.append("")
            for change in operation.changes {
                lines.append("- \(change.detail) (\(change.classification.rawValue))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func jsonReport() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(self) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// One line per changed operation, for build remarks.
    public var remarks: [String] {
        operations.filter { $0.classification != .documentation }.map { operation in
            let details = operation.changes.filter { $0.classification != .documentation }.map(\.detail)
            return "\(operation.name) (\(operation.kind.rawValue), \(operation.classification.rawValue)): \(details.joined(separator: "; "))"
        }
    }
}
