import Foundation

/// What S3 needs beyond its model, as botocore's handlers do it. (The home of S3's quirks in the
/// runtime; the generator's are in `ClientTranslator.requestURI`.)
enum S3Customizations {
    /// S3's listings, and their members that `encoding-type=url` URL-encodes in the answer:
    /// top-level members, and (list, member) pairs (botocore's `decode_list_object*`).
    static let urlEncodedListings: [String: (topLevel: [String], nested: [(String, String)])] = [
        "ListObjects": (["Delimiter", "Marker", "NextMarker", "Prefix"], [("Contents", "Key"), ("CommonPrefixes", "Prefix")]),
        "ListObjectsV2": (["Delimiter", "Prefix", "StartAfter"], [("Contents", "Key"), ("CommonPrefixes", "Prefix")]),
        "ListObjectVersions": (
            ["KeyMarker", "NextKeyMarker", "Prefix", "Delimiter"], [("Versions", "Key"), ("DeleteMarkers", "Key"), ("CommonPrefixes", "Prefix")]
        ),
    ]

    /// Whether the client asks S3 to URL-encode the keys of this listing, as botocore does when the
    /// caller did not choose an encoding: keys may hold characters XML 1.0 cannot carry (control
    /// characters), which S3 would otherwise refuse to list.
    static func encodesListing(_ operation: AWSOperationDescriptor, service: AWSServiceDescriptor, input: some AWSShape) -> Bool {
        guard service.serviceId == "S3", urlEncodedListings[operation.name] != nil else { return false }
        return input.jsonValue()["EncodingType"] == nil
    }

    /// Adds `encoding-type=url` after the listing's own query parameters (where botocore puts it).
    static func addEncodingType(to prepared: inout JSONProtocols.PreparedRequest) {
        prepared.pathAndQuery += (prepared.pathAndQuery.contains("?") ? "&" : "?") + "encoding-type=url"
    }

    /// The listing with the members S3 encoded decoded again (`+` is a space), when the answer
    /// says it used `url` encoding; through the output's JSON form, which keys members by their
    /// XML names.
    static func decodeListing<Output: AWSShape>(_ output: Output, operation: AWSOperationDescriptor) throws -> Output {
        guard let fields = urlEncodedListings[operation.name], case .object(var json) = output.jsonValue(),
              json["EncodingType"]?.stringValue == "url" else { return output }
        func decoded(_ value: JSONValue?) -> JSONValue? {
            guard let text = value?.stringValue else { return value }
            return .string(SigV4Signer.percentDecode(text.replacingOccurrences(of: "+", with: " ")))
        }
        for name in fields.topLevel where json[name] != nil { json[name] = decoded(json[name]) }
        for (list, member) in fields.nested {
            guard case .array(let items)? = json[list] else { continue }
            json[list] = .array(items.map { item in
                guard case .object(var object) = item else { return item }
                if object[member] != nil { object[member] = decoded(object[member]) }
                return .object(object)
            })
        }
        return try Output(json: .object(json), path: .root)
    }
}
