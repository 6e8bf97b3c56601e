import GateboardCore
print("gateboard")
