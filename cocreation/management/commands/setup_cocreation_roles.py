from home.management.commands.setup_roles import Command as SetUpRoles


class Command(SetUpRoles):
    help = "An alias of setup_roles: " + SetUpRoles.help
