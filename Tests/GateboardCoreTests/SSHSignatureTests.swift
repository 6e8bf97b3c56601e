import Foundation
import Testing
@testable import GateboardCore

/// SSHSIG verification in process, cross-checked with OpenSSH's own `ssh-keygen -Y` on real
/// keys: every verdict ours gives, ssh-keygen gives too (valid, tampered message, another
/// namespace, another key), for Ed25519 and ECDSA P-256.
enum OpenSSH {
    static let keygen: String? = ["/usr/bin/ssh-keygen", "/bin/ssh-keygen", "/usr/local/bin/ssh-keygen"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}

struct SSHTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

@Suite(.enabled(if: OpenSSH.keygen != nil, "ssh-keygen is not installed (Debian: openssh-client; .ci/run installs it)"))
struct SSHSignatureTests {
    static var sshKeygen: String? { OpenSSH.keygen }

    final class Keys {
        let dir: URL
        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-ssh-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: dir) }

        /// A new key pair; returns the private key's path.
        func make(_ name: String, type: [String]) throws -> String {
            let path = dir.appendingPathComponent(name).path
            let r = try SSHSignatureTests.keygen(type + ["-N", "", "-q", "-C", name, "-f", path])
            guard r.status == 0 else { throw SSHTestFailure("ssh-keygen failed: \(r.err)") }
            return path
        }

        func sign(_ message: [UInt8], key: String, namespace: String = "gateboard") throws -> String {
            let msg = dir.appendingPathComponent("msg-\(UUID().uuidString)")
            try Data(message).write(to: msg)
            let r = try SSHSignatureTests.keygen(["-Y", "sign", "-f", key, "-n", namespace, msg.path])
            guard r.status == 0 else { throw SSHTestFailure("ssh-keygen -Y sign failed: \(r.err)") }
            return try String(contentsOf: URL(fileURLWithPath: msg.path + ".sig"), encoding: .utf8)
        }

        /// OpenSSH's verdict on (message, signature) for `principal` with `publicKeyLine`.
        func opensshAccepts(_ message: [UInt8], signature: String, publicKeyLine: String, namespace: String = "gateboard") throws -> Bool {
            let signers = dir.appendingPathComponent("allowed-\(UUID().uuidString)")
            try Data("someone \(publicKeyLine)\n".utf8).write(to: signers)
            let sig = dir.appendingPathComponent("sig-\(UUID().uuidString)")
            try Data(signature.utf8).write(to: sig)
            let r = try SSHSignatureTests.keygen(["-Y", "verify", "-f", signers.path, "-I", "someone", "-n", namespace, "-s", sig.path],
                                                 stdin: Data(message))
            return r.status == 0
        }
    }

    static func keygen(_ args: [String], stdin: Data? = nil) throws -> (status: Int32, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: sshKeygen!)
        p.arguments = args
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        let input = Pipe()
        p.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try p.run()
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try input.fileHandleForWriting.close()
        }
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: e, as: UTF8.self))
    }

    static let kinds: [(String, [String])] = [("ed25519", ["-t", "ed25519"]), ("p256", ["-t", "ecdsa", "-b", "256"])]

    @Test(arguments: [0, 1])
    func verdictsAgreeWithOpenSSH(kindIndex: Int) throws {
        let (name, type) = Self.kinds[kindIndex]
        let keys = try Keys()
        let key = try keys.make(name, type: type)
        let other = try keys.make(name + "-other", type: type)
        let pubLine = try String(contentsOfFile: key + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pub = try SSHPublicKey(line: pubLine)
        let message = Array("{\"action\":\"approve\",\"useCase\":\"UC-0002\"}\n\u{1B}binary\u{0}".utf8)
        let armored = try keys.sign(message, key: key)
        let sig = try SSHSignature(armored: armored)
        #expect(sig.publicKey == pub)
        #expect(sig.namespace == "gateboard")

        // Valid: both say yes.
        #expect(throws: Never.self) { try sig.verify(message: message, namespace: "gateboard") }
        #expect(try keys.opensshAccepts(message, signature: armored, publicKeyLine: pubLine))

        // Other bytes: both say no.
        var tampered = message
        tampered[3] ^= 1
        #expect(throws: SSHSignature.Invalid.self) { try sig.verify(message: tampered, namespace: "gateboard") }
        #expect(try !keys.opensshAccepts(tampered, signature: armored, publicKeyLine: pubLine))

        // Another namespace: both say no.
        let otherNS = try keys.sign(message, key: key, namespace: "git")
        #expect(throws: SSHSignature.Invalid.self) { try SSHSignature(armored: otherNS).verify(message: message, namespace: "gateboard") }
        #expect(try !keys.opensshAccepts(message, signature: otherNS, publicKeyLine: pubLine))

        // Another key: the signature is valid for its own key, which is not the one we trust.
        let byOther = try keys.sign(message, key: other)
        let otherSig = try SSHSignature(armored: byOther)
        #expect(otherSig.publicKey != pub)
        #expect(try !keys.opensshAccepts(message, signature: byOther, publicKeyLine: pubLine))

        // A flipped bit in the signature itself.
        var blob = [UInt8](Data(base64Encoded: armored.split(separator: "\n").dropFirst().dropLast().joined())!)
        blob[blob.count - 5] ^= 0x40
        let broken = try SSHSignature(blob: blob)
        #expect(throws: SSHSignature.Invalid.self) { try broken.verify(message: message, namespace: "gateboard") }
    }

    @Test func malformedInputIsRefusedWithAReason() throws {
        #expect(throws: SSHSignature.Invalid.self) { try SSHSignature(armored: "hello") }
        #expect(throws: SSHSignature.Invalid.self) { try SSHSignature(armored: "-----BEGIN SSH SIGNATURE-----\n!!!!\n-----END SSH SIGNATURE-----") }
        #expect(throws: SSHSignature.Invalid.self) { try SSHSignature(blob: Array("SSHSIG".utf8) + [0, 0, 0, 1, 0, 0]) }
        #expect(throws: SSHSignature.Invalid.self) { try SSHSignature(blob: []) }
        #expect(throws: SSHPublicKey.ParseError.self) { try SSHPublicKey(line: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC comment") }
        #expect(throws: SSHPublicKey.ParseError.self) { try SSHPublicKey(line: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJxX") }
        #expect(throws: SSHPublicKey.ParseError.self) { try SSHPublicKey(line: "ssh-ed25519") }
        // A line whose type says one thing and whose blob another.
        #expect(throws: SSHPublicKey.ParseError.self) {
            try SSHPublicKey(line: "ecdsa-sha2-nistp256 AAAAC3NzaC1lZDI1NTE5AAAAIJxX/2jtE1sH605Z4+B5kworwelGW8vtiZpvmZgT5oXn")
        }
        let ok = try SSHPublicKey(line: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJxX/2jtE1sH605Z4+B5kworwelGW8vtiZpvmZgT5oXn test")
        #expect(ok.kind == .ed25519 && ok.raw.count == 32)
        #expect(ok.fingerprint.hasPrefix("SHA256:"))
    }
}
