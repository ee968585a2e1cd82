app_name = "professionals"

urlpatterns = []
