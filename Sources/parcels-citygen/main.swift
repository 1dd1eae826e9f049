print("citygen")
