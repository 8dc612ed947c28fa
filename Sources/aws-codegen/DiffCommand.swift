import ArgumentParser
import AWSCodegen
import AWSModel
import Foundation

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report the API changes between two versions of a service model.",
        discussion: """
            Lists added, removed and updated operations; for updated ones, the request and response \
            members added, removed or changed (with the changelog's nested syntax of what was added), \
            errors, HTTP bindings, enum values, required-ness, and documentation-only changes. Each \
            change is classified for the generated Swift API: additive, breaking or documentation.

            Exit status: 0, or 2 when --fail-on finds a change of that severity or worse (1 on errors).

            Examples:
              aws-codegen diff old/service-2.json new/service-2.json
              aws-codegen diff old.json new.yaml --format markdown > CHANGES.md
              aws-codegen diff old.json new.json --format json --fail-on breaking
            """
    )

    @Argument(help: ArgumentHelp("The older model (JSON or YAML).", valueName: "old"))
    var oldModel: String

    @Argument(help: ArgumentHelp("The newer model (JSON or YAML).", valueName: "new"))
    var newModel: String

    @Option(help: ArgumentHelp("text, markdown or json.", valueName: "format"))
    var format: String = "text"

    @Option(help: ArgumentHelp("Exit with status 2 when a change is this severe or worse: breaking, additive or documentation.", valueName: "level"))
    var failOn: String?

    func run() throws {
        guard let reportFormat = ReportFormat(rawValue: format) else {
            printError("error: --format must be text, markdown or json, not '\(format)'")
            throw ExitCode.validationFailure
        }
        var threshold: Classification?
        if let failOn {
            guard let level = Classification(rawValue: failOn) else {
                printError("error: --fail-on must be breaking, additive or documentation, not '\(failOn)'")
                throw ExitCode.validationFailure
            }
            threshold = level
        }
        let report: APIChangeReport
        do {
            let old = try ModelLoader.load(servicePath: oldModel, discoverCompanions: false)
            let new = try ModelLoader.load(servicePath: newModel, discoverCompanions: false)
            if old.metadata.serviceId != new.metadata.serviceId {
                printError("warning: comparing different services: \(old.metadata.serviceId) and \(new.metadata.serviceId)")
            }
            report = ModelDiff.compare(old: old, new: new)
        } catch {
            printError("\(error is ModelError ? "" : "error: ")\(error)")
            throw ExitCode.failure
        }
        print(report.rendered(as: reportFormat), terminator: "")
        if let threshold, let worst = report.classification, worst >= threshold {
            printError("error: \(worst.rawValue) changes found (--fail-on \(threshold.rawValue))")
            throw ExitCode(2)
        }
    }
}
