import Foundation

/// The `User-Agent` every request carries, in the AWS SDKs' common format (User-Agent 2.1):
/// `aws-sdk-swift-codegen/<version> ua/2.1 os/<os>#<version> lang/swift#<version> md/arch#<cpu>
/// api/<service id>#<api version> [app/<id>]`. Services log it; it never carries anything secret.
enum UserAgent {
    /// This runtime's version, as the generator's (`CodeGenerator.version`).
    static let runtimeVersion = "0.1.0"

    static func header(service: AWSServiceDescriptor, appID: String?) -> String {
        var parts = [
            "aws-sdk-swift-codegen/\(runtimeVersion)", "ua/2.1", "os/\(operatingSystem)", "lang/swift#\(swiftVersion)", "md/arch#\(architecture)",
            "api/\(token(service.serviceId.replacingOccurrences(of: " ", with: "-").lowercased()))#\(token(service.apiVersion))",
        ]
        if let appID { parts.append("app/\(token(appID))") }
        return parts.joined(separator: " ")
    }

    /// A value made safe for the header: characters outside the format's token set become `-`.
    static func token(_ text: String) -> String {
        String(text.map { character -> Character in
            character.isASCII && (character.isLetter || character.isNumber || "!$%&'*+-.^_`|~".contains(character)) ? character : "-"
        })
    }

    static let operatingSystem: String = {
        #if os(Linux)
        let name = "linux"
        #elseif os(macOS)
        let name = "macos"
        #elseif os(iOS)
        let name = "ios"
        #elseif os(Windows)
        let name = "windows"
        #else
        let name = "other"
        #endif
        let version = ProcessInfo.processInfo.operatingSystemVersion
        return "\(name)#\(version.majorVersion).\(version.minorVersion).\(version.patchVersion)"
    }()

    static let swiftVersion: String = {
        #if swift(>=6.3)
        "6.3"
        #elseif swift(>=6.2)
        "6.2"
        #elseif swift(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }()

    static let architecture: String = {
        #if arch(x86_64)
        "x86_64"
        #elseif arch(arm64)
        "arm64"
        #else
        "other"
        #endif
    }()
}
