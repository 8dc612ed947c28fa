import Foundation

/// Where the shared `credentials` and `config` files are: `AWS_SHARED_CREDENTIALS_FILE` and
/// `AWS_CONFIG_FILE` when set, else `~/.aws/credentials` and `~/.aws/config`.
struct AWSSharedConfigFiles: Sendable {
    let credentialsPath: String
    let configPath: String
    let home: String

    init(environment: [String: String]) {
        home = environment["HOME"] ?? NSHomeDirectory()
        credentialsPath = environment["AWS_SHARED_CREDENTIALS_FILE"].map(Self.expandTilde(home)) ?? "\(home)/.aws/credentials"
        configPath = environment["AWS_CONFIG_FILE"].map(Self.expandTilde(home)) ?? "\(home)/.aws/config"
    }

    static func expandTilde(_ home: String) -> (String) -> String {
        { path in path.hasPrefix("~/") ? home + path.dropFirst() : path }
    }

    /// Both files read and sorted into profiles, `sso-session` and `services` sections.
    func load() throws -> AWSSharedConfig {
        AWSSharedConfig(config: try Self.parse(path: configPath) ?? [:], credentials: try Self.parse(path: credentialsPath) ?? [:], files: self)
    }

    /// The profile's keys: the credentials file wins over the config file. A file that botocore
    /// would refuse is an error here too, naming the file and line.
    func settings(forProfile profile: String) throws -> [String: String] {
        try load().settings(forProfile: profile) ?? [:]
    }

    /// Whether either file has a section for the profile.
    func hasProfile(_ profile: String) throws -> Bool {
        try load().settings(forProfile: profile) != nil
    }

    /// Sections of a shared file; nil when the file does not exist.
    static func parse(path: String) throws -> [String: SharedConfigSection]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AWSClientError(.credentials, "cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AWSCredentialSourceError("\(path) is not valid UTF-8")
        }
        do {
            return try SharedConfigParser.parse(text, path: path)
        } catch {
            throw AWSCredentialSourceError("\(error)")
        }
    }
}

/// The shared files' sections as botocore's `build_profile_map` sorts them. In the config file
/// `[default]` and `[profile name]` are profiles, `[sso-session name]` and `[services name]` are
/// the sections of those kinds (the name read with shell quoting); in the credentials file every
/// section is a profile by its plain name.
struct AWSSharedConfig: Sendable {
    let configProfiles: [String: SharedConfigSection]
    let credentialsProfiles: [String: SharedConfigSection]
    let ssoSessions: [String: SharedConfigSection]
    let services: [String: SharedConfigSection]
    let files: AWSSharedConfigFiles

    init(config: [String: SharedConfigSection], credentials: [String: SharedConfigSection], files: AWSSharedConfigFiles) {
        var profiles: [String: SharedConfigSection] = [:]
        var ssoSessions: [String: SharedConfigSection] = [:]
        var services: [String: SharedConfigSection] = [:]
        // Two sections for one name (`[default]` and `[profile default]`): the later in the file, whole.
        func keep(_ section: SharedConfigSection, as name: String?, in map: inout [String: SharedConfigSection]) {
            guard let name else { return }
            if section.position >= map[name]?.position ?? 0 { map[name] = section }
        }
        for (name, section) in config {
            if name.hasPrefix("profile") {
                keep(section, as: SharedConfigParser.secondWord(ofSection: name), in: &profiles)
            } else if name.hasPrefix("sso-session") {
                keep(section, as: SharedConfigParser.secondWord(ofSection: name), in: &ssoSessions)
            } else if name.hasPrefix("services") {
                keep(section, as: SharedConfigParser.secondWord(ofSection: name), in: &services)
            } else if name == "default" {
                keep(section, as: "default", in: &profiles)
            }
        }
        configProfiles = profiles
        credentialsProfiles = credentials
        self.ssoSessions = ssoSessions
        self.services = services
        self.files = files
    }

    /// The profile's settings, the credentials file's over the config file's (botocore merges the
    /// two into one profile); nil when neither file has the profile.
    func settings(forProfile profile: String) -> [String: String]? {
        let config = configProfiles[profile]
        let credentials = credentialsProfiles[profile]
        if config == nil && credentials == nil { return nil }
        var result = config?.values ?? [:]
        result.merge(credentials?.values ?? [:]) { _, new in new }
        return result
    }

    /// The profile's indented blocks (`s3 =` followed by indented keys).
    func subsections(forProfile profile: String) -> [String: [String: String]] {
        var result = configProfiles[profile]?.subsections ?? [:]
        result.merge(credentialsProfiles[profile]?.subsections ?? [:]) { _, new in new }
        return result
    }
}
