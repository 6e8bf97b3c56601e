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
        hex(SHA256.hash(data: data))
    }

    public static func of<Bytes: ContiguousBytes>(bytes: Bytes) -> String {
        bytes.withUnsafeBytes { raw in hex(SHA256.hash(data: raw)) }
    }

    /// Lower-case hex without a String per byte (hashing whole logs made that the hot spot).
    static func hex(_ digest: SHA256.Digest) -> String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 64) { out in
            var i = 0
            for b in digest {
                out[i] = digits.utf8Start[Int(b >> 4)]
                out[i + 1] = digits.utf8Start[Int(b & 0xF)]
                i += 2
            }
            return 64
        }
    }

    /// 64 zeros: the `prev` of a log's first event.
    public static let zero = String(repeating: "0", count: 64)
}
