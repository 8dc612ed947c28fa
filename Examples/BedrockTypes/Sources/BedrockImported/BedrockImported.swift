// The types and the client are generated at build time from service-2.json in this folder.
@_exported import AWSRuntime
