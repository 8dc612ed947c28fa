import ArgumentParser
import AWSCodegen
import AWSModel
import Foundation

/// The model this package embeds, found from this source file's location in the checkout.
enum EmbeddedModel {
    static let relativePath = "api-models/bedrock/2023-04-20/service-2.json"

    static var path: String {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent(relativePath).path
    }
}

/// Finds model files: a file is itself; a folder holding `service-2.json` (or `.yaml`, or either
/// gzip-compressed as `.json.gz`) is that model; any other folder is read as botocore's `data/`
/// (a pip-installed botocore's folder as it is): one subfolder per service, each with API-version
/// subfolders, of which the newest (by name) is used.
enum ModelDiscovery {
    static func serviceFile(in folder: String) -> String? {
        for name in ["service-2.json", "service-2.yaml", "service-2.yml", "service-2.json.gz", "service-2.yaml.gz", "service-2.yml.gz"] {
            let path = (folder as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }

    /// Model files with, for those found in a botocore `data/` folder, the service folder's name
    /// (two botocore services can share a service id, never a folder).
    static func models(at path: String) throws -> [(path: String, folder: String?)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError(file: path, message: "no such file or folder")
        }
        guard isDirectory.boolValue else { return [(path, nil)] }
        if let file = serviceFile(in: path) { return [(file, nil)] }
        var found: [(path: String, folder: String?)] = []
        let services = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        for service in services {
            let serviceFolder = (path as NSString).appendingPathComponent(service)
            if let file = serviceFile(in: serviceFolder) { found.append((file, service)); continue }
            let versions = ((try? FileManager.default.contentsOfDirectory(atPath: serviceFolder)) ?? []).sorted(by: >)
            if let newest = versions.lazy.compactMap({ serviceFile(in: (serviceFolder as NSString).appendingPathComponent($0)) }).first {
                found.append((newest, service))
            }
        }
        if found.isEmpty {
            throw ConfigError(file: path, message: "holds no service-2.json (or .yaml, or .json.gz), directly or in service/version subfolders")
        }
        return found
    }
}

/// Prints to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
