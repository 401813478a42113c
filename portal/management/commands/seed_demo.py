from django.core.management.base import BaseCommand

from portal.services.demo import demo_seed


class Command(BaseCommand):
    help = "Seed the demo bank (idempotent) and print the demo logins."

    def handle(self, *args, **options) -> None:
        logins = demo_seed()
        self.stdout.write("Demo logins (演示账号):")
        for login in logins:
            self.stdout.write(f"  {login.username:<20} {login.password:<12} {login.description}")
