print("parcels")
