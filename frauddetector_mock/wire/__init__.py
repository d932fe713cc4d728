"""How requests arrive and leave: botocore's hooks, the JSON 1.1 codec, input validation, the HTTP
server.
"""
