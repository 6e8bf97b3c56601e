import Crypto
import Foundation

/// The digest an approval is bound to.
public enum MaterialDigest {
    public static func of(_ basis: [String: String]) -> String {
        let text = basis.keys.sorted().map { "\($0)=\(basis[$0]!)\n" }.joined()
        return SHA256Hex.of(Data(text.utf8))
    }
}

public enum SHA256Hex {
    public static func of(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    public static func of<Bytes: ContiguousBytes>(bytes: Bytes) -> String {
        bytes.withUnsafeBytes { raw in
            SHA256.hash(data: raw).map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
        }
    }

    /// 64 zeros: the `prev` of a log's first event.
    public static let zero = String(repeating: "0", count: 64)
}
