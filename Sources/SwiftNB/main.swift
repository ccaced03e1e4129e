print("swiftnb")
