import Foundation
import Testing
@testable import GateboardStore

/// The hand-written id check agrees with the documented pattern.
@Suite struct UseCaseIDTests {
    @Test(arguments: ["UC-0001", "UC-12345", "AB9-0000", "X-9999", "UC-001", "uc-0001", "UC0001", "-0001", "UC-0001a",
                      "UC--0001", "UC-00-01", "1UC-0001", "UC-0001\n", "../UC-0001", "", "UC-", "Ü-0001",
                      "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ-0001", "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJK-0001"])
    func matchesThePattern(_ id: String) {
        let regex = id.utf8.count <= 40 && id.range(of: "\\A[A-Z][A-Z0-9]*-[0-9]{4,}\\z", options: .regularExpression) != nil
        #expect(UseCaseParser.isValidID(id) == regex, "\(id.debugDescription)")
    }
}
