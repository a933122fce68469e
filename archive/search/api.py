"""Placeholder: the search endpoint is being built in this module."""

from rest_framework.response import Response
from rest_framework.views import APIView


class SearchAPIView(APIView):
    def get(self, request):
        return Response({"detail": "Search is not available yet."}, status=503)
