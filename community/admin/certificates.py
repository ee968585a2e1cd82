"""(Finished by the certificates work.)"""
