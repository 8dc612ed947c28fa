import Foundation

/// An IAM authentication token for an RDS or Aurora database (botocore's `generate_db_auth_token`):
/// a presigned `connect` request, used as the database password. Valid for 15 minutes.
public enum AWSRDSAuthToken {
    /// The token for `username` at `hostname:port`, signed for `region` (service `rds-db`).
    public static func generate(
        hostname: String, port: Int, username: String, region: String, credentials: AWSCredentials, date: Date = Date()
    ) -> String {
        let query = "Action=connect&DBUser=\(Presigner.percentEncode(username))"
        let url = URL(string: "https://\(hostname):\(port)/?\(query)")!
        let prepared = JSONProtocols.PreparedRequest(method: "GET", pathAndQuery: "/?\(query)", headers: [:], body: [], hostLabels: [:])
        let presigned = Presigner(endpoint: AWSEndpoint(url: url), region: region, signingName: "rds-db")
            .presign(prepared, url: url, credentials: credentials, expires: 900, date: date)
        return String(presigned.url.absoluteString.dropFirst("https://".count))
    }
}
