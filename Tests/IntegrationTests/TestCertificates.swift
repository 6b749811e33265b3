import DreamFrameCore
import Foundation
@testable import Pipeline
import TestSupport

/// A throwaway PKI made with the openssl command line for one test: a CA, a broker certificate for `localhost`
/// signed by it, a client certificate signed by it, and a second CA that signed nothing the broker uses.
struct TestCertificates: Sendable {
    let directory: URL
    var ca: String { path("ca.pem") }
    var serverCertificate: String { path("server.pem") }
    var serverKey: String { path("server.key") }
    var clientCertificate: String { path("client.pem") }
    var clientKey: String { path("client.key") }
    /// A CA that did not sign the broker's certificate.
    var otherCA: String { path("other-ca.pem") }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Makes every file (RSA 2048, valid for two days).
    static func make() async throws -> TestCertificates {
        let certificates = TestCertificates(directory: try TestPaths.temporaryDirectory("df-pki"))
        try await certificates.makeFiles()
        return certificates
    }

    private func makeFiles() async throws {
        try Data("subjectAltName=DNS:localhost\n".utf8).write(to: directory.appendingPathComponent("server.ext"))
        try await openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=DreamFrame test CA",
                           "-keyout", path("ca.key"), "-out", ca])
        try await openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Someone else's CA",
                           "-keyout", path("other-ca.key"), "-out", otherCA])
        for (name, subject, extensions) in [("server", "/CN=localhost", ["-extfile", path("server.ext")]),
                                            ("client", "/CN=dreamframe-client", [])] {
            try await openssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", subject,
                               "-keyout", path("\(name).key"), "-out", path("\(name).csr")])
            try await openssl(["x509", "-req", "-days", "2", "-in", path("\(name).csr"), "-CA", ca, "-CAkey", path("ca.key"),
                               "-CAcreateserial", "-out", path("\(name).pem")] + extensions)
        }
        // The broker (the same user here) reads its key; keep the files private otherwise.
        for name in ["ca.key", "other-ca.key", "server.key", "client.key"] {
            chmod(path(name), 0o600)
        }
    }

    private func openssl(_ arguments: [String]) async throws {
        let log = path("openssl.log")
        let status = try await ChildProcess.run("/usr/bin/openssl", arguments, outputFile: log)
        guard status == 0 else {
            throw CertificateError(description: "openssl \(arguments.first ?? "") exited \(status): "
                + ((try? String(contentsOfFile: log, encoding: .utf8)) ?? ""))
        }
    }

    struct CertificateError: Error, CustomStringConvertible {
        var description: String
    }
}
